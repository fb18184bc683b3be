package ai.horde.ingress;

/** A failure answered as the reference answers it: {@code {"message", "rc"}} with its HTTP status. */
final class HordeError extends RuntimeException {
  final int status;
  final String rc;

  HordeError(int status, String rc, String message) {
    super(message, null, false, false);
    this.status = status;
    this.rc = rc;
  }

  static HordeError badRequest(String rc, String message) {
    return new HordeError(400, rc, message);
  }

  /** A deleted (disabled) account on generate or pop. */
  static HordeError deletedUser() {
    return new HordeError(403, "DeletedUser", "This account has been scheduled for deletion and is disabled.");
  }

  static HordeError anonForbidden() {
    return new HordeError(403, "AnonForbidden", "Anonymous user is forbidden from performing this operation");
  }

  static HordeError invalidApiKey() {
    return new HordeError(401, "InvalidAPIKey",
        "No user matching sent API Key. Have you remembered to register at https://aihorde.net/register ?");
  }
}
