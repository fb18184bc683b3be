package ai.horde.ingress.workers;

import ai.horde.accounts.Accounts;
import ai.horde.events.UserAccount;
import ai.horde.events.WorkerMessage;
import ai.horde.ingress.workers.WorkerBodies.TeamDetailsLite;
import ai.horde.ingress.workers.WorkerBodies.WorkerDetails;
import ai.horde.ingress.workers.WorkerBodies.WorkerKudosDetails;
import ai.horde.work.WorkKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * A worker's details as the reference renders them (spec §1.4 W2, model {@code WorkerDetails}, skip_none). Pure.
 *
 * <p>Only a moderator's key raises the privilege (to the reference's level 2): it adds {@code paused},
 * {@code suspicious} and the owner's {@code contact}. The {@code owner} alias and the worker's {@code messages}
 * show for a moderator or when the owner made its workers public. The owner's flags come from the users view,
 * which is fresher than the worker row.
 *
 * <p>An alchemist (type {@code interrogation}) shows what the reference's InterrogationWorker shows: the
 * common fields, {@code nsfw} false (the response model's default, as it has none), its {@code forms} and no
 * {@code models}, and none of the text or image fields; its performance is in seconds per form, and its
 * {@code kudos_details.generated} is null (its {@code kudos_rewards} counts its form kudos all the same).
 *
 * <p>Known gaps: {@code ipaddr} (level ≥1) is never shown (the read model does not hold worker IPs);
 * {@code suspicious} is 0 (suspicion is not modelled); an owner the users view does not know yet shows as untrusted and unflagged, with no alias.
 */
final class WorkerDetailsView {
  static final String PERFORMANCE_UNIT = " tokens per second";
  static final String IMAGE_PERFORMANCE_UNIT = " megapixelsteps per second";
  static final String ALCHEMY_PERFORMANCE_UNIT = " seconds per form";
  static final String NO_PERFORMANCE = "No requests fulfilled yet";

  private WorkerDetailsView() {}

  /** @param messages the worker's messages that have not expired */
  static WorkerDetails render(WorkerRow w, Optional<UserAccount> owner, boolean moderator,
      List<WorkerMessage> messages, long now) {
    BigDecimal generated = w.kudosGenerated();
    BigDecimal uptimeKudos = w.kudosUptime();
    boolean text = WorkKind.TEXT.workerType().equals(w.kind());
    boolean alchemist = WorkKind.ALCHEMY.workerType().equals(w.kind());
    WorkerRow.Image image = w.image();
    boolean ownerShown = owner.isPresent() && (moderator || owner.get().getPublicWorkers());
    return new WorkerDetails(w.kind(), w.name(), w.id(), w.online(now), w.requestsFulfilled(), w.uncompletedJobs(),
        generated.add(uptimeKudos).doubleValue(),
        // WorkerKudosDetails: generated is a Float, uptime an Integer (the reference truncates it). An alchemist's
        // form kudos are its "interrogated" stat, which the model drops: its generated is null (nested, not skipped).
        new WorkerKudosDetails(alchemist ? null : generated.doubleValue(), uptimeKudos.longValue()),
        alchemist ? alchemyPerformance(w.speed()) : performance(w.speed(), w.image() != null), w.threads(),
        w.uptimeSeconds(), w.maintenance(), w.info(),
        owner.map(UserAccount::getTrusted).orElse(false), owner.map(UserAccount::getFlagged).orElse(false),
        new TeamDetailsLite(w.teamName(), w.teamName() == null ? null : w.teamId()), w.bridgeAgent(),
        !alchemist && w.nsfw(), alchemist ? null : w.models(),
        alchemist ? (w.forms() == null ? List.of() : w.forms()) : null, text ? w.maxLength() : null,
        text ? w.maxContextLength() : null,
        moderator ? w.paused() : null, moderator ? 0 : null,
        ownerShown ? Accounts.alias(owner.get()) : null,
        ownerShown ? messages.stream().map(m -> WorkerMessageReads.render(m, false)).toList() : null,
        moderator && owner.isPresent() ? owner.get().getContact() : null,
        image == null ? null : image.maxPixels(),
        // Whole megapixel-steps, as the SDK expects them.
        image == null ? null : (double) (w.thingsGenerated() / 1_000_000),
        image == null ? null : image.img2img(), image == null ? null : image.painting(),
        image == null ? null : image.postProcessing(), image == null ? null : image.lora(),
        image == null ? null : image.controlnet(), image == null ? null : image.sdxlControlnet());
  }

  /**
   * {@code "<speed> tokens per second"} (a dreamer's in megapixel-steps) with the speed rounded as Python's
   * {@code round(x, 1)} rounds (exactly, half to even on the binary value) and printed as Python prints a float.
   * A speed the read model does not have (which it has for every scribe and dreamer) is no performance.
   */
  static String performance(Double speed, boolean image) {
    if (speed == null) {
      return NO_PERFORMANCE;
    }
    return round1(image ? speed / 1_000_000 : speed) + (image ? IMAGE_PERFORMANCE_UNIT : PERFORMANCE_UNIT);
  }

  /**
   * An alchemist's: the mean of its samples, which are seconds per form, as {@code "<s> seconds per form"}
   * rounded as {@link #performance}; {@code "No requests fulfilled yet"} before it has any (reference
   * InterrogationWorker.get_performance).
   */
  static String alchemyPerformance(Double secondsPerForm) {
    return secondsPerForm == null ? NO_PERFORMANCE : round1(secondsPerForm) + ALCHEMY_PERFORMANCE_UNIT;
  }

  private static String round1(double value) {
    return new BigDecimal(value).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
  }
}
