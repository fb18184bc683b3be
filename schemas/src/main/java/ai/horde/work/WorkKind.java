package ai.horde.work;

import ai.horde.events.AlchemyCapabilities;
import ai.horde.events.AlchemyCriteria;
import ai.horde.events.ImageCapabilities;
import ai.horde.events.ImageCriteria;
import ai.horde.events.TextCapabilities;
import ai.horde.events.TextCriteria;

/**
 * The kinds of work the horde queues: text for scribes, images for dreamers, alchemy forms for alchemists. A
 * request's kind is the type of its criteria, a pop's the type of its capabilities; a worker is of one kind,
 * named as the reference names worker types.
 */
public enum WorkKind {
  TEXT("text"),
  IMAGE("image"),
  ALCHEMY("interrogation");

  private final String workerType;

  WorkKind(String workerType) {
    this.workerType = workerType;
  }

  /** The worker type as the API and {@code WorkerState.kind} name it. */
  public String workerType() {
    return workerType;
  }

  /** The kind of a request, from its criteria. */
  public static WorkKind ofCriteria(Object criteria) {
    if (criteria instanceof TextCriteria) {
      return TEXT;
    } else if (criteria instanceof ImageCriteria) {
      return IMAGE;
    } else if (criteria instanceof AlchemyCriteria) {
      return ALCHEMY;
    }
    throw new IllegalArgumentException("no kind of work has criteria " + criteria);
  }

  /** The kind of a worker's pop, from its capabilities. */
  public static WorkKind ofCapabilities(Object capabilities) {
    if (capabilities instanceof TextCapabilities) {
      return TEXT;
    } else if (capabilities instanceof ImageCapabilities) {
      return IMAGE;
    } else if (capabilities instanceof AlchemyCapabilities) {
      return ALCHEMY;
    }
    throw new IllegalArgumentException("no kind of work has capabilities " + capabilities);
  }

  /** The kind of a worker type as stored ({@code text}, {@code image}, {@code interrogation}). */
  public static WorkKind ofWorkerType(String type) {
    for (WorkKind kind : values()) {
      if (kind.workerType.equals(type)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown worker type " + type);
  }
}
