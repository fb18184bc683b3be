package ai.horde.ingress.http;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The failures of asynchronous calls, as {@link ErrorHandler} answers them. */
public final class Failures {
  private Failures() {}

  /** What went wrong, out of the wrappers that futures put around it. */
  public static Throwable cause(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** A failure to throw on from a future's stage. */
  public static CompletionException propagate(Throwable failure) {
    return failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
  }
}
