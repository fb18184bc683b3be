package ai.horde.ingress.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A body field the reference requires through its request parser rather than its model: left out (or null),
 * it is answered {@code {"errors": {name: "<help> Missing required parameter in the JSON body"}}}, after the
 * body's schema and the required headers were checked ({@link JsonBodies#read}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface RequiredArgument {
  /** The parser argument's help text, which starts its error. */
  String help();
}
