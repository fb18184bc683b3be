package ai.horde.ingress.filters;

import ai.horde.ingress.filters.FilterBodies.FilterDetails;
import ai.horde.ingress.filters.FilterBodies.FilterPromptCheck;
import ai.horde.ingress.filters.FilterBodies.FilterPromptSuspicion;
import ai.horde.ingress.filters.FilterBodies.FilterRegex;
import ai.horde.ingress.filters.FilterBodies.PatchExistingFilter;
import ai.horde.ingress.filters.FilterBodies.PutNewFilter;
import ai.horde.ingress.http.InvalidInput;
import ai.horde.ingress.http.JsonBodies;
import ai.horde.ingress.http.JsonBodies.RequiredHeader;
import ai.horde.ingress.http.QueryArgs;
import ai.horde.ingress.http.Refusals;
import ai.horde.ingress.http.SimpleResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The moderators' regex prompt filters (spec §1.12 F1–F3). Thin: {@link Filters} and the registry decide. */
@Tag(name = "filters")
@Controller("/api/v2/filters")
final class FilterController {
  private static final String TYPE_HELP = "The filter type.";

  private final JsonBodies bodies;
  private final Filters filters;

  FilterController(JsonBodies bodies, Filters filters) {
    this.bodies = bodies;
    this.filters = filters;
  }

  @Operation(operationId = "get_filters", summary = "Moderator Only: A List all filters, or filtered by the query")
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Get(processes = "*/*")
  CompletableFuture<List<FilterDetails>> list(
      @Parameter(description = FilterBodies.API_KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @Parameter(description = TYPE_HELP) @Nullable @QueryValue("filter_type") String filterType,
      @Parameter(description = "Only return filter containing this word.") @Nullable @QueryValue("contains")
      String contains) {
    Integer type = type(filterType);
    return filters.list(required(apiKey), type, contains);
  }

  @Operation(operationId = "put_filters", summary = "Moderator Only: Add a new regex filter",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = PutNewFilter.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Put(consumes = "*/*", processes = "*/*")
  CompletableFuture<FilterDetails> put(@Nullable @Body String body,
      @Parameter(description = FilterBodies.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    PutNewFilter input = bodies.read(body, PutNewFilter.class,
        RequiredHeader.apiKey(apiKey, FilterBodies.API_KEY_HELP));
    return filters.put(apiKey, input);
  }

  @Operation(operationId = "post_filters", summary = "Moderator Only: Check The suspicion of the provided prompt",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = FilterPromptCheck.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Post(consumes = "*/*", processes = "*/*")
  CompletableFuture<FilterPromptSuspicion> check(@Nullable @Body String body,
      @Parameter(description = FilterBodies.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    FilterPromptCheck input = bodies.read(body, FilterPromptCheck.class,
        RequiredHeader.apiKey(apiKey, FilterBodies.API_KEY_HELP));
    return filters.check(apiKey, input);
  }

  @Operation(operationId = "get_filter_regex", summary = "Moderator Only: each filter type's full regex")
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Get(uri = "/regex", processes = "*/*")
  CompletableFuture<List<FilterRegex>> regex(
      @Parameter(description = FilterBodies.API_KEY_HELP) @Nullable @Header("apikey") String apiKey,
      @Parameter(description = TYPE_HELP) @Nullable @QueryValue("filter_type") String filterType) {
    Integer type = type(filterType);
    return filters.regex(required(apiKey), type);
  }

  @Operation(operationId = "get_filter_single", summary = "Moderator Only: Display a single filter")
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Get(uri = "/{filterId}", processes = "*/*")
  CompletableFuture<FilterDetails> get(@PathVariable("filterId") String filterId,
      @Parameter(description = FilterBodies.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    Filters.requireDigits(filterId);
    return filters.get(required(apiKey), filterId);
  }

  @Operation(operationId = "patch_filter_single", summary = "Moderator Only: Modify an existing regex filter",
      requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = PatchExistingFilter.class))))
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Patch(uri = "/{filterId}", consumes = "*/*", processes = "*/*")
  CompletableFuture<FilterDetails> change(@PathVariable("filterId") String filterId, @Nullable @Body String body,
      @Parameter(description = FilterBodies.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    PatchExistingFilter input = bodies.readOrEmpty(body, PatchExistingFilter.class,
        RequiredHeader.apiKey(apiKey, FilterBodies.API_KEY_HELP));
    return filters.change(apiKey, filterId, input);
  }

  @Operation(operationId = "delete_filter_single", summary = "Moderator Only: Delete a regex filter")
  @Refusals.BadRequest
  @Refusals.InvalidKey
  @Refusals.Forbidden
  @Refusals.NotFound
  @Delete(uri = "/{filterId}", consumes = "*/*", processes = "*/*")
  CompletableFuture<SimpleResponse> delete(@PathVariable("filterId") String filterId,
      @Parameter(description = FilterBodies.API_KEY_HELP) @Nullable @Header("apikey") String apiKey) {
    return filters.delete(required(apiKey), filterId);
  }

  /** The reference's parsers require the key (400 before anything else). */
  private static String required(@Nullable String apiKey) {
    if (apiKey == null) {
      throw InvalidInput.missingHeader("apikey", FilterBodies.API_KEY_HELP);
    }
    return apiKey;
  }

  private static Integer type(@Nullable String filterType) {
    if (filterType == null) {
      return null;
    }
    BigInteger type = QueryArgs.integer(filterType, "filter_type", TYPE_HELP);
    // A type too large for an int is no filter's type
    return type.bitLength() < Integer.SIZE ? type.intValue() : -1;
  }
}
