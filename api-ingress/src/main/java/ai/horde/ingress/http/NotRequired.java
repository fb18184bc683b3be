package ai.horde.ingress.http;

import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field of an API record that may be left out. The OpenAPI document otherwise lists every component that is
 * not {@code @Nullable} as required. Absent is not null: a field sent as {@code null} is a type error, as in
 * the reference. On a component whose type is a record, write {@code @Schema(requiredMode = NOT_REQUIRED)}
 * instead: there the OpenAPI generator takes this annotation's own name for the schema.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED)
public @interface NotRequired {}
