package ai.horde.ingress;

import ai.horde.ingress.RawHttp.Request;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Malformed and hostile requests for every operation of an OpenAPI document, made deterministically from a seed
 * (the same seed, document and targets give the same requests in the same order). Per operation: every kind of
 * key; every path, query and header parameter set to hostile values; bodies that are not JSON, not objects, of
 * the wrong content type, deeply nested or huge; and, for every field of the body's schema (nested objects and
 * array items included), the body that is valid but for that field, set to each hostile value. Then every
 * method a path does not document, unknown and traversing paths, and requests that are not quite HTTP.
 *
 * <p>The operations come from the document, so an operation documented later is covered without a change here.
 * Known gap: fields of a schema nested deeper than {@link #MAX_DEPTH} and {@code oneOf}/{@code allOf} schemas
 * (the horde's document has none) are only reached through their parent's hostile values.
 */
final class HostileRequests {
  /**
   * Who calls, and what exists to point at: other users' keys and the ids of their requests, jobs, workers,
   * teams and shared keys.
   */
  record Targets(String alice, String bob, String moderator, String sharedKey, List<String> ids, List<String> names) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DEPTH = 4;
  private static final String PLACEHOLDER = "\u0001hostile\u0001";
  private static final String MEGA = "a".repeat(1 << 20);
  private static final String DEEP_ARRAY = "[".repeat(10_000) + "]".repeat(10_000);
  private static final String DEEP_OBJECT = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
  private static final String NUL = "\u0000";
  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO", "get");

  /** Values for a body's field, as raw JSON text: some of them are not JSON at all. */
  private static final List<String> VALUES = List.of(
      "null", "true", "false", "0", "-1", "1", "2147483648", "-2147483649", "9223372036854775808",
      "-9223372036854775809", "1e308", "-1e308", "1e999", "-1e999", "0.5", "-0.0", "1e-400",
      "123456789012345678901234567890.5", "NaN", "Infinity", "-Infinity",
      "\"\"", "\"a\"", "\"-1\"", "\"1e999\"", "\"NaN\"", "\"true\"", "\"null\"",
      "\"\\u0000\"", "\"a\\u0000b\"", "\"a" + NUL + "b\"", "\"\\ud800\"", "\"\uD83E\uDD84 ñ \u202e\"",
      "\"../../../etc/passwd\"", "\"' OR 1=1 --\"", "\"" + MEGA + "\"",
      "[]", "[null]", "[1,\"a\",{},[]]", "[" + "0,".repeat(50_000) + "0]", "{}", "{\"a\":{\"b\":[1]}}",
      "{\"\\u0000\":1,\"\":null}", DEEP_ARRAY, DEEP_OBJECT);

  private static final List<String> PATH_VALUES = List.of("..", "%2e%2e", "%2F", "a%2Fb", "%00", "a%00b", "%ff",
      "%", "%zz", "-1", "0", "99999999999999999999", "a".repeat(3000), "a".repeat(10_000), "%C3%A9",
      "%F0%9F%A6%84", "null", "'%20OR%201=1--", "%20", "00000000-0000-0000-0000-000000000000", "1e999", "NaN", ";",
      "a;b=c", "a" + NUL + "b");

  private static final List<String> QUERY_VALUES = List.of("", "-1", "0", "1", "99999999999999999999", "1e999",
      "NaN", "abc", "true", "%00", "a%00b", "%ff", "%", "%zz", "..%2F..", "%C3%A9", "%F0%9F%A6%84",
      "a".repeat(3000), "a".repeat(10_000), "[]", "{}", "a" + NUL + "b");

  private static final List<String> HEADER_VALUES = List.of("", " ", NUL, "a" + NUL + "b", "a".repeat(9000),
      "a".repeat(100_000), "\u00e9", "\uD83E\uDD84", "a:b:c:d", "null", "-1", "99999999999999999999", "../..",
      "0000000000" + NUL);

  private final JsonNode schemas;
  private final Targets targets;
  private final Random random;
  private final List<String> keys;
  private final List<Request> requests = new ArrayList<>();
  private final byte[] noise = new byte[1 << 20];

  private HostileRequests(JsonNode document, Targets targets, long seed) {
    this.schemas = document.path("components").path("schemas");
    this.targets = targets;
    this.random = new Random(seed);
    random.nextBytes(noise);
    // Mostly keys of real users, so that bodies get past authentication to the checks behind it.
    this.keys = Stream.of(targets.alice(), targets.bob(), targets.moderator(), targets.alice(), targets.bob(),
        targets.moderator(), HordeProcess.ANONYMOUS, targets.sharedKey(), null, "not-a-key").toList();
  }

  /** The requests for every operation of {@code document}, then those for no operation at all. */
  static List<Request> of(JsonNode document, Targets targets, long seed) {
    HostileRequests made = new HostileRequests(document, targets, seed);
    List<String> paths = new ArrayList<>();
    document.path("paths").fields().forEachRemaining(path -> {
      paths.add(path.getKey());
      path.getValue().fields().forEachRemaining(operation -> {
        if (List.of("get", "post", "put", "patch", "delete").contains(operation.getKey())) {
          made.operation(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(), operation.getValue());
        }
      });
    });
    paths.forEach(path -> made.wrongMethods(path, document.path("paths").path(path)));
    made.unknownPaths();
    made.notQuiteHttp();
    return made.requests;
  }

  /** The documented operations, as {@code "METHOD /path"}. */
  static List<String> operations(JsonNode document) {
    List<String> operations = new ArrayList<>();
    document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
      if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
        operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }));
    return operations;
  }

  // One operation

  private void operation(String method, String template, JsonNode operation) {
    String name = method + " " + template;
    List<JsonNode> parameters = new ArrayList<>();
    operation.path("parameters").forEach(parameters::add);
    JsonNode bodySchema = operation.path("requestBody").path("content").path("application/json").path("schema");
    JsonNode body = bodySchema.isMissingNode() ? null : resolve(bodySchema);
    String baseline = body == null ? null : write(minimal(body, 0));

    for (String key : keys) {
      add(name + " as " + key, method, path(template, Map.of()), headers(key), baseline);
    }
    for (JsonNode parameter : parameters) {
      String parameterName = parameter.path("name").asText();
      switch (parameter.path("in").asText()) {
        case "path" -> Stream.concat(targets.ids().stream(), PATH_VALUES.stream()).forEach(value ->
            add(name + " with path " + parameterName + "=" + value, method,
                path(template, Map.of(parameterName, value)), headers(key()), baseline));
        case "query" -> QUERY_VALUES.forEach(value ->
            add(name + " with query " + parameterName + "=" + value, method,
                path(template, Map.of()) + "?" + parameterName + "=" + value, headers(key()), baseline));
        case "header" -> Stream.concat(HEADER_VALUES.stream(),
                parameterName.equals("apikey") ? Stream.of(targets.sharedKey()) : targets.ids().stream())
            .forEach(value -> {
              List<String[]> headers = parameterName.equals("apikey") ? new ArrayList<>() : headers(key());
              headers.add(new String[] {parameterName, value});
              add(name + " with header " + parameterName, method, path(template, Map.of()), headers, baseline);
            });
        default -> { }
      }
    }
    add(name + " with unknown and repeated query arguments", method,
        path(template, Map.of()) + "?fuzz=1&page=1&page=2&type=text&type=image", headers(key()), baseline);
    if (body != null) {
      String path = path(template, Map.of());
      bodies(name, method, path, body, baseline);
      for (List<String> field : fields(body, new ArrayList<>(), 0)) {
        for (String value : valuesFor(field)) {
          String withPlaceholder = write(at(body, field, 0));
          add(name + " with " + String.join(".", field) + " = " + RawHttp.cut(value, 60), method, path,
              headers(key()), () -> withPlaceholder.replace(quoted(PLACEHOLDER), value).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
  }

  /** Whole bodies that are wrong: not JSON, not an object, the wrong content type, too deep, too large. */
  private void bodies(String name, String method, String path, JsonNode schema, String baseline) {
    List<String> raw = List.of("", "   ", "{", "}", "{\"a\":}", "[", "nul", "{'a':1}", "{\"a\":1,}", "// c\n{}",
        "null", "true", "0", "\"text\"", "[]", "[{}]", "{}", baseline + "xyz", baseline + baseline,
        DEEP_ARRAY, DEEP_OBJECT, "\"" + MEGA + "\"", NUL + baseline, baseline.replace("{", "{\"fuzz_unknown\":1,"),
        baseline.toUpperCase(Locale.ROOT), baseline.replace("{", "{\"a\":1,\"a\":\"x\",\"a\":null,"),
        "{" + "\"k\":1,".repeat(100_000) + "\"k\":2}");
    for (String body : raw) {
      add(name + " with body " + RawHttp.cut(body, 60), method, path, withJson(key()), body);
    }
    add(name + " without a body", method, path, headers(key()), (String) null);
    add(name + " with 1 MB of random bytes", method, path, withJson(key()), noise);
    add(name + " with invalid UTF-8", method, path, withJson(key()),
        concat("{\"prompt\":\"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3},
            "\"}".getBytes(StandardCharsets.UTF_8)));
    add(name + " in UTF-16", method, path, withJson(key()), baseline.getBytes(StandardCharsets.UTF_16));
    add(name + " with a byte order mark", method, path, withJson(key()),
        concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, baseline.getBytes(StandardCharsets.UTF_8)));
    for (String[] type : List.of(new String[] {"text/plain", baseline}, new String[] {"application/x-www-form-urlencoded",
        "prompt=a&models=b"}, new String[] {"multipart/form-data; boundary=xx",
        "--xx\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na\r\n--xx--\r\n"},
        new String[] {"application/xml", "<a/>"}, new String[] {"application/json; charset=utf-16", baseline},
        new String[] {"garbage/", baseline}, new String[] {"application/json" + NUL, baseline},
        new String[] {"", baseline})) {
      List<String[]> headers = headers(key());
      headers.add(new String[] {"Content-Type", type[0]});
      add(name + " as " + type[0], method, path, headers, type[1]);
    }
    for (String length : List.of("17000000", "-1", "abc", "99999999999999999999")) {
      List<String[]> headers = withJson(key());
      headers.add(new String[] {"Content-Length", length});
      add(name + " with Content-Length " + length, method, path, headers, baseline);
    }
    List<String[]> chunked = withJson(key());
    chunked.add(new String[] {"Transfer-Encoding", "chunked"});
    byte[] body = baseline.getBytes(StandardCharsets.UTF_8);
    add(name + " chunked", method, path, chunked,
        (Integer.toHexString(body.length) + "\r\n" + baseline + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    add(name + " badly chunked", method, path, chunked, "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
  }

  // Not an operation

  private void wrongMethods(String template, JsonNode documented) {
    for (String method : METHODS) {
      if (!documented.has(method.toLowerCase(Locale.ROOT)) || !method.equals(method.toUpperCase(Locale.ROOT))) {
        add(method + " " + template + " (not documented)", method, path(template, Map.of()), withJson(key()),
            "{\"prompt\":\"a\"}");
        add(method + " " + template + " (not documented, no body)", method, path(template, Map.of()), headers(key()),
            (String) null);
      }
    }
  }

  private void unknownPaths() {
    List<String> paths = List.of("/", "/api", "/api/", "/api/v2", "/api/v2/", "/api/v3/status/heartbeat",
        "/api/v2/nope", "/api/v2/generate/text/async/extra", "/api/v2/../../etc/passwd",
        "/api/v2/%2e%2e/%2e%2e/etc/passwd", "//api//v2//status//heartbeat", "/api/v2/status/heartbeat%00",
        "/api/v2/status/heartbeat" + NUL, "/api/v2/status/heartbeat;jsessionid=1", "/api/v2/status/heartbeat?%",
        "*", "http://evil.example/api/v2/status/heartbeat", "/api/v2/" + "a".repeat(3000),
        "/api/v2/" + "a".repeat(100_000), "/api/v2/users/../workers", "/api/v2/objects/..%2f..%2fetc%2fpasswd",
        "/api/v2/objects/%00", "/api/v2/objects/", "/api/swagger.json/../../", "/api/swagger-ui/res/..%2f..%2fpom.xml",
        "/api/swagger-ui/res/%00", "/register%00", "/register/..%2f", "/api/v2/dev/test-user/x", "/%F0%9F%A6%84",
        "/api/v2/generate/text/status/", "/api/v2/workers/name/", "/api/v2/status/models/%2F%2F");
    for (String path : paths) {
      for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
        add(method + " " + RawHttp.cut(path, 60) + " (unknown)", method, path, withJson(key()), "{}");
      }
    }
  }

  /** Request lines and headers a client library would never send. */
  private void notQuiteHttp() {
    String heartbeat = "/api/v2/status/heartbeat";
    add("a NUL in the method", "G" + NUL + "ET", heartbeat, new ArrayList<>(), (String) null);
    add("a method of 10,000 letters", "G".repeat(10_000), heartbeat, new ArrayList<>(), (String) null);
    add("a space in the path", "GET", "/api/v2/status heartbeat", new ArrayList<>(), (String) null);
    add("a header without a name", "GET", heartbeat, headerList(":", "x"), (String) null);
    add("a header name with a NUL", "GET", heartbeat, headerList("a" + NUL + "b", "x"), (String) null);
    add("a header name with a space", "GET", heartbeat, headerList("a b", "x"), (String) null);
    add("100 headers", "GET", heartbeat, hundredHeaders(), (String) null);
    add("an X-Forwarded-For that is not an address", "POST", "/api/v2/generate/text/async",
        headerList("X-Forwarded-For", "not an address, " + NUL + ", ::::, 999.1.1.1", "apikey", targets.alice(),
            "Content-Type", "application/json"), "{\"prompt\":\"a\"}");
    add("an Origin with a NUL", "GET", heartbeat, headerList("Origin", "https://a" + NUL + ".example"), (String) null);
    add("a preflight for a NUL method", "OPTIONS", heartbeat,
        headerList("Origin", "https://a.example", "Access-Control-Request-Method", "P" + NUL), (String) null);
  }

  // Bodies from the schema

  /** A body valid for the schema's types: its required fields with the simplest values they allow. */
  private JsonNode minimal(JsonNode given, int depth) {
    JsonNode schema = resolve(given);
    if (schema.has("enum")) {
      return schema.get("enum").get(0);
    }
    if (schema.has("default") && !schema.path("type").asText().equals("object")) {
      return schema.get("default");
    }
    switch (schema.path("type").asText()) {
      case "string": {
        int length = Math.max(4, schema.path("minLength").asInt(0));
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        return TextNode.valueOf("fuzz".repeat(length).substring(0, Math.min(length, max)));
      }
      case "integer":
      case "number":
        return JsonNodeFactory.instance.numberNode(schema.has("minimum") ? schema.get("minimum").asLong()
            : schema.has("maximum") ? Math.min(1, schema.get("maximum").asLong()) : 1);
      case "boolean":
        return JsonNodeFactory.instance.booleanNode(false);
      case "array":
        return JsonNodeFactory.instance.arrayNode();
      default: {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        if (depth < MAX_DEPTH) {
          schema.path("required").forEach(required ->
              object.set(required.asText(), minimal(schema.path("properties").path(required.asText()), depth + 1)));
        }
        return object;
      }
    }
  }

  /**
   * Every field of the schema as a path of names, {@code []} standing for an array's item, parents before their
   * children.
   */
  private List<List<String>> fields(JsonNode schema, List<String> prefix, int depth) {
    List<List<String>> fields = new ArrayList<>();
    if (depth >= MAX_DEPTH) {
      return fields;
    }
    Iterator<Map.Entry<String, JsonNode>> properties = resolve(schema).path("properties").fields();
    while (properties.hasNext()) {
      Map.Entry<String, JsonNode> property = properties.next();
      List<String> field = append(prefix, property.getKey());
      fields.add(field);
      JsonNode type = resolve(property.getValue());
      if (type.has("properties")) {
        fields.addAll(fields(type, field, depth + 1));
      } else if (type.path("type").asText().equals("array")) {
        List<String> item = append(field, "[]");
        fields.add(item);
        if (resolve(type.path("items")).has("properties")) {
          fields.addAll(fields(type.path("items"), item, depth + 1));
        }
      }
    }
    return fields;
  }

  /** The minimal body with the placeholder at {@code field}, its parents made as needed. */
  private JsonNode at(JsonNode schema, List<String> field, int i) {
    if (i == field.size()) {
      return TextNode.valueOf(PLACEHOLDER);
    }
    schema = resolve(schema);
    if (field.get(i).equals("[]")) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      array.add(at(schema.path("items"), field, i + 1));
      return array;
    }
    JsonNode made = minimal(schema, 0);
    ObjectNode object = made.isObject() ? (ObjectNode) made : JsonNodeFactory.instance.objectNode();
    object.set(field.get(i), at(schema.path("properties").path(field.get(i)), field, i + 1));
    return object;
  }

  /** The hostile values, and for a field that names something, the names and ids of other users' things. */
  private List<String> valuesFor(List<String> field) {
    String name = field.get(field.size() - 1).equals("[]") && field.size() > 1 ? field.get(field.size() - 2)
        : field.get(field.size() - 1);
    if (!name.equals("id") && !name.endsWith("_id") && !name.endsWith("_ids") && !name.contains("name")
        && !name.equals("workers")) {
      return VALUES;
    }
    return Stream.of(VALUES.stream(), targets.ids().stream().map(HostileRequests::quoted),
        targets.names().stream().map(HostileRequests::quoted)).flatMap(s -> s).toList();
  }

  private JsonNode resolve(JsonNode schema) {
    String ref = schema.path("$ref").asText("");
    return ref.isEmpty() ? schema : schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
  }

  // Requests

  private void add(String what, String method, String target, List<String[]> headers, String body) {
    add(what, method, target, headers, body == null ? null : () -> body.getBytes(StandardCharsets.UTF_8));
  }

  private void add(String what, String method, String target, List<String[]> headers, byte[] body) {
    add(what, method, target, headers, () -> body);
  }

  private void add(String what, String method, String target, List<String[]> headers, Supplier<byte[]> body) {
    requests.add(new Request(method, target, List.copyOf(headers), body, what));
  }

  /** The path with its parameters set: to {@code values} where given, otherwise to something that exists. */
  private String path(String template, Map<String, String> values) {
    StringBuilder path = new StringBuilder();
    int at = 0;
    while (true) {
      int open = template.indexOf('{', at);
      if (open < 0) {
        return path.append(template.substring(at)).toString();
      }
      int close = template.indexOf('}', open);
      String parameter = template.substring(open + 1, close);
      path.append(template, at, open).append(values.getOrDefault(parameter, existing(parameter)));
      at = close + 1;
    }
  }

  private String existing(String parameter) {
    List<String> candidates = parameter.toLowerCase(Locale.ROOT).contains("name") ? targets.names() : targets.ids();
    return candidates.get(random.nextInt(candidates.size()));
  }

  private String key() {
    return keys.get(random.nextInt(keys.size()));
  }

  private static List<String[]> headers(String key) {
    List<String[]> headers = new ArrayList<>();
    if (key != null) {
      headers.add(new String[] {"apikey", key});
    }
    return headers;
  }

  private static List<String[]> withJson(String key) {
    List<String[]> headers = headers(key);
    headers.add(new String[] {"Content-Type", "application/json"});
    return headers;
  }

  private static List<String[]> headerList(String... namesAndValues) {
    List<String[]> headers = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(new String[] {namesAndValues[i], namesAndValues[i + 1]});
    }
    return headers;
  }

  private static List<String[]> hundredHeaders() {
    List<String[]> headers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      headers.add(new String[] {"X-Fuzz-" + i, "v".repeat(100)});
    }
    return headers;
  }

  private static List<String> append(List<String> prefix, String name) {
    List<String> path = new ArrayList<>(prefix);
    path.add(name);
    return path;
  }

  private static String quoted(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String write(JsonNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
