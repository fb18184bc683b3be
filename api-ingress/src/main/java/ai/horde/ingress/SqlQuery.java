package ai.horde.ingress;

import java.util.List;

/** A parameterised SQL statement: values are only ever bound, never spliced into the text. */
record SqlQuery(String sql, List<Object> parameters) {
  SqlQuery {
    parameters = List.copyOf(parameters);
  }

  static SqlQuery of(String sql, Object... parameters) {
    return new SqlQuery(sql, List.of(parameters));
  }
}
