package ai.horde.ingress.http;

/**
 * A refusal answered as the reference answers it: {@code {"message", "rc"}} with its HTTP status. Thrown (or
 * completed exceptionally) anywhere in a call; {@link ErrorHandler} renders it.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String rc;

  public ApiError(int status, String rc, String message) {
    super(message, null, false, false);
    this.status = status;
    this.rc = rc;
  }

  public int status() {
    return status;
  }

  public String rc() {
    return rc;
  }

  public static ApiError badRequest(String rc, String message) {
    return new ApiError(400, rc, message);
  }

  public static ApiError invalidApiKey() {
    return new ApiError(401, "InvalidAPIKey",
        "No user matching sent API Key. Have you remembered to register at https://aihorde.net/register ?");
  }

  /** A deleted (disabled) account on generate or pop. */
  public static ApiError deletedUser() {
    return new ApiError(403, "DeletedUser", "This account has been scheduled for deletion and is disabled.");
  }

  /** An unknown worker id, wherever one is named (a request's workers, a worker's details, a worker's IP). */
  public static ApiError workerNotFound(String workerId) {
    return new ApiError(404, "WorkerNotFound", "Worker with ID '" + workerId + "' not found.");
  }

  public static ApiError anonForbidden() {
    return new ApiError(403, "AnonForbidden", "Anonymous user is forbidden from performing this operation");
  }

  public static ApiError notModerator() {
    return new ApiError(403, "NotModerator", "You're not a mod. BTFO!");
  }

  /** No such route or resource, in Flask's words (a route's own 404s have their own rcs). */
  public static ApiError notFound() {
    return new ApiError(404, "NotFound", "The requested URL was not found on the server. If you entered the URL "
        + "manually please check your spelling and try again.");
  }

  /** A body larger than the server takes, or than a topic takes once it is a record, in Flask's words. */
  public static ApiError payloadTooLarge() {
    return new ApiError(413, "PayloadTooLarge", "The data value transmitted exceeds the capacity limit.");
  }

  /** A decider or a read model that did not answer in time: not the client's fault. */
  public static ApiError unavailable(String message) {
    return new ApiError(503, "ServiceUnavailable", message);
  }
}
