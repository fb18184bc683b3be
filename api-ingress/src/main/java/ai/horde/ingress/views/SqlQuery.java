package ai.horde.ingress.views;

import java.util.List;

/** A parameterised SQL statement: values are only ever bound, never spliced into the text. */
public record SqlQuery(String sql, List<Object> parameters) {
  public SqlQuery {
    parameters = List.copyOf(parameters);
  }

  public static SqlQuery of(String sql, Object... parameters) {
    return new SqlQuery(sql, List.of(parameters));
  }
}
