package ai.horde.ingress.web;

import ai.horde.ingress.http.ApiError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The API's documentation: the OpenAPI document at {@code GET /api/swagger.json} and a Swagger UI at
 * {@code GET /api/}. Both are generated at compile time by micronaut-openapi (see the compiler arguments in
 * this module's pom) from the routes, their {@code io.swagger} annotations and the schemas in
 * API's records, into {@code META-INF/swagger}; this controller only serves them from the classpath. The
 * UI's scripts are copied into the jar too: nothing is loaded from a CDN.
 *
 * <p>The document's server is {@code /}: its paths are the full routes ({@code /api/v2/...}), so "Try it
 * out" calls the server that served the document.
 */
@OpenAPIDefinition(
    info = @Info(title = "AI Horde", version = "2.0",
        description = "The API of this AI Horde: wire-compatible with the reference AI Horde's REST API v2 for "
            + "text generation, kudos, users, workers, teams, shared keys, status and statistics."),
    servers = @Server(url = "/", description = "This server"),
    tags = {
        @Tag(name = "generate", description = "Text generation: requests, their status, and the workers' jobs"),
        @Tag(name = "kudos", description = "Kudos transfers, awards and journal"),
        @Tag(name = "users", description = "Users"),
        @Tag(name = "workers", description = "Workers"),
        @Tag(name = "teams", description = "Teams of workers"),
        @Tag(name = "sharedkeys", description = "Shared keys: API keys that spend their owner's kudos"),
        @Tag(name = "status", description = "The horde's status, models, modes and news"),
        @Tag(name = "stats", description = "Statistics of the text generated")})
@Hidden
@Controller("/api")
final class ApiDocsController {
  private static final String ANY = "*/*";
  private static final String ROOT = "META-INF/swagger/";
  private static final String UI = ROOT + "views/swagger-ui/";
  /** The Swagger UI's resources: only these are served, by name. */
  private static final Map<String, String> UI_RESOURCES = Map.of(
      "swagger-ui.css", "text/css",
      "index.css", "text/css",
      "classic.css", "text/css",
      "swagger-ui-bundle.js", "application/javascript",
      "swagger-ui-standalone-preset.js", "application/javascript",
      "favicon-16x16.png", "image/png",
      "favicon-32x32.png", "image/png");

  private final byte[] document;

  ApiDocsController(ObjectMapper json) {
    this.document = load(json);
  }

  @Get(uri = "/swagger.json", produces = MediaType.APPLICATION_JSON)
  MutableHttpResponse<byte[]> swaggerJson() {
    if (document == null) {
      throw ApiError.notFound();
    }
    return HttpResponse.ok(document).contentType(MediaType.APPLICATION_JSON);
  }

  @Get(uri = "/", produces = MediaType.TEXT_HTML)
  MutableHttpResponse<byte[]> ui() {
    return resource(UI + "index.html", MediaType.TEXT_HTML);
  }

  @Get(uri = "/swagger-ui/res/{file}")
  MutableHttpResponse<byte[]> uiResource(@PathVariable String file) {
    String type = UI_RESOURCES.get(file);
    if (type == null) {
      throw ApiError.notFound();
    }
    return resource(UI + "res/" + file, type);
  }

  /** The generated document, every body in it JSON, its schemas named; null when the build did not generate it. */
  private static byte[] load(ObjectMapper json) {
    try (InputStream in = ApiDocsController.class.getClassLoader().getResourceAsStream(ROOT + "swagger.json")) {
      return in == null ? null : json.writeValueAsBytes(schemaNames(jsonBodies(json.readTree(in))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every body is JSON, but the routes accept and produce any media type ({@code processes = "*}{@code /*"}, so
   * that clients sending odd headers are still served), which the generator copies into the document: the
   * responses' {@code *}{@code /*} becomes {@code application/json}, and the raw-string request body it infers
   * next to the documented JSON one is dropped.
   */
  static JsonNode jsonBodies(JsonNode document) {
    document.path("paths").forEach(path -> path.forEach(operation -> {
      JsonNode requestContent = operation.path("requestBody").path("content");
      if (requestContent.has(MediaType.APPLICATION_JSON) && requestContent.has(ANY)) {
        ((ObjectNode) requestContent).remove(ANY);
      }
      operation.path("responses").forEach(response -> {
        JsonNode content = response.path("content");
        if (content.has(ANY) && !content.has(MediaType.APPLICATION_JSON)) {
          ((ObjectNode) content).set(MediaType.APPLICATION_JSON, ((ObjectNode) content).remove(ANY));
        }
      });
    }));
    return document;
  }

  /**
   * The API's records are nested in a class per family ({@code TextBodies.RequestAsync}); the generator names a
   * record it reaches through a property's own {@code @Schema} after its class ({@code TextBodies.X}) rather than
   * its {@code @Schema(name)}, which is always the record's simple name: such schemas get that name back, and
   * every reference to them follows.
   */
  static JsonNode schemaNames(JsonNode document) {
    JsonNode schemas = document.path("components").path("schemas");
    if (!(schemas instanceof ObjectNode named)) {
      return document;
    }
    Map<String, String> renamed = new java.util.HashMap<>();
    List.copyOf(iterable(named.fieldNames())).forEach(name -> {
      String simple = name.substring(name.lastIndexOf('.') + 1);
      if (!simple.equals(name) && !named.has(simple)) {
        named.set(simple, named.remove(name));
        renamed.put("#/components/schemas/" + name, "#/components/schemas/" + simple);
      }
    });
    document.findParents("$ref").forEach(parent -> {
      String target = renamed.get(parent.get("$ref").asText());
      if (target != null) {
        ((ObjectNode) parent).put("$ref", target);
      }
    });
    return document;
  }

  private static <T> List<T> iterable(java.util.Iterator<T> items) {
    List<T> list = new java.util.ArrayList<>();
    items.forEachRemaining(list::add);
    return list;
  }

  private static MutableHttpResponse<byte[]> resource(String path, String contentType) {
    try (InputStream in = ApiDocsController.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        // Built without the annotation processor's output (an IDE build): say so rather than fail.
        throw ApiError.notFound();
      }
      return HttpResponse.ok(in.readAllBytes()).contentType(contentType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
