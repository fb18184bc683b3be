package ai.horde.ingress.status;

import ai.horde.events.AccountAnswer;
import ai.horde.events.SetHordeModes;
import ai.horde.ingress.status.StatusBodies.HordeModes;
import ai.horde.ingress.status.StatusBodies.HordeModesInput;
import ai.horde.ingress.views.Decisions;
import ai.horde.ingress.views.HordeViews;
import ai.horde.ingress.views.Identities;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;

/**
 * The horde's modes (spec §1.9 M4, M5, §3.17): read from the views; changed by the registry, which checks that
 * maintenance is an admin's and invite-only and raid a moderator's.
 *
 * <p>The reference's body keys are {@code maintenance}, {@code invite_only} and {@code raid} (its Swagger); the
 * response keys, {@code maintenance_mode}, {@code invite_only_mode}, {@code raid_mode}, are accepted in the body
 * as well. Known gap: {@code shutdown} is not supported.
 */
@Singleton
final class HordeModeChanges {
  static final String API_KEY_HELP = "The Admin API key.";

  private final Decisions decisions;
  private final Identities identities;
  private final HordeViews views;

  HordeModeChanges(Decisions decisions, Identities identities, HordeViews views) {
    this.decisions = decisions;
    this.identities = identities;
    this.views = views;
  }

  /** M4: raid mode only for a moderator's key; another key is 403, an invalid one 401. */
  CompletableFuture<HordeModes> get(String apiKey) {
    var modes = views.modes();
    HordeModes shown = new HordeModes(modes.getMaintenance(), modes.getInviteOnly(), null);
    if (apiKey == null || apiKey.isEmpty()) {
      return CompletableFuture.completedFuture(shown);
    }
    return identities.requireModeratorIfGiven(apiKey).thenApply(moderator ->
        new HordeModes(shown.maintenanceMode(), shown.inviteOnlyMode(), views.modes().getRaid()));
  }

  /** M5: the modes asked for, as they are after the change. */
  CompletableFuture<HordeModes> set(HordeModesInput input, String apiKey) {
    SetHordeModes command = new SetHordeModes(or(input.maintenance(), input.maintenanceMode()),
        or(input.inviteOnly(), input.inviteOnlyMode()), or(input.raid(), input.raidMode()));
    return identities.require(apiKey).thenCompose(user -> decisions.registry(user, command, AccountAnswer.class))
        .thenApply(answer -> {
          var after = views.modes();
          return new HordeModes(command.getMaintenance() == null ? null : after.getMaintenance(),
              command.getInviteOnly() == null ? null : after.getInviteOnly(),
              command.getRaid() == null ? null : after.getRaid());
        });
  }

  private static Boolean or(Boolean mode, Boolean alias) {
    return mode != null ? mode : alias;
  }
}
