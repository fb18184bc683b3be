package ai.horde.ingress.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.horde.ingress.http.ApiError;
import ai.horde.ingress.intake.RequestIntake;
import ai.horde.ingress.text.UpfrontRules.Admission;
import ai.horde.ingress.text.UpfrontRules.Need;
import org.junit.jupiter.api.Test;

/** Upfront kudos admission (spec §4.3): when a request must hold kudos, and what happens when it cannot. */
class UpfrontRulesTest {
  @Test
  void theThresholdGrowsWithThreadsAndShrinksWithTheQueueRoundingHalvesToEven() {
    assertThat(UpfrontRules.rawThreshold(0, 0)).isEqualTo(512);
    assertThat(UpfrontRules.rawThreshold(10, 0)).isEqualTo(562);
    // 0.9 × 5 = 4.5, which Python rounds to 4
    assertThat(UpfrontRules.rawThreshold(0, 5)).isEqualTo(508);
    assertThat(UpfrontRules.rawThreshold(0, 1000)).isEqualTo(-388);
  }

  @Test
  void withoutSlowWorkersUpfrontIsAlwaysNeededAgainstTheUnclampedThreshold() {
    assertThat(UpfrontRules.need(false, 80, 0, 0)).isEqualTo(new Need(true, 512));
    assertThat(UpfrontRules.need(false, 80, 20, 0)).isEqualTo(new Need(true, 612));
    assertThat(UpfrontRules.need(false, 80, 0, 400)).isEqualTo(new Need(true, 152));
  }

  @Test
  void withSlowWorkersOnlyRequestsLongerThanTheClampedThresholdNeedIt() {
    assertThat(UpfrontRules.need(true, 512, 20, 0)).isEqualTo(new Need(false, 512));
    assertThat(UpfrontRules.need(true, 513, 20, 0)).isEqualTo(new Need(true, 512));
    assertThat(UpfrontRules.need(true, 256, 0, 400)).isEqualTo(new Need(false, 256));
    assertThat(UpfrontRules.need(true, 300, 0, 400)).isEqualTo(new Need(true, 256));
    assertThat(UpfrontRules.need(true, 400, 0, 100)).isEqualTo(new Need(false, 422));
    assertThat(UpfrontRules.need(true, 423, 0, 100)).isEqualTo(new Need(true, 422));
  }

  @Test
  void onlyANeededNonZeroAmountGoesToTheLedger() {
    assertThat(UpfrontRules.asksLedger(new Need(true, 512), 2000)).isTrue();
    assertThat(UpfrontRules.asksLedger(new Need(true, 512), 0)).isFalse();
    assertThat(UpfrontRules.asksLedger(new Need(false, 512), 2000)).isFalse();
  }

  @Test
  void affordableMeansBalanceLessFloorLessHolds() {
    assertThat(RequestIntake.affordable(100_00, 25_00, 15_00, 60_00)).isTrue();
    assertThat(RequestIntake.affordable(100_00, 25_00, 15_01, 60_00)).isFalse();
    // Anonymous at its floor of −50 has nothing to hold
    assertThat(RequestIntake.affordable(-50_00, -50_00, 0, 1)).isFalse();
  }

  @Test
  void aHeldRequestIsQueuedAsAsked() {
    Admission admission = UpfrontRules.afterHold(true, new Need(true, 300), false, 1024, false, 500_00, 1, true);
    assertThat(admission).isEqualTo(new Admission(1024, false, true));
    assertThat(admission.downgraded(1024)).isFalse();
  }

  @Test
  void aDowngradeCutsToTheThresholdAndAllowsSlowWorkersWithoutAHold() {
    Admission admission = UpfrontRules.afterHold(false, new Need(true, 422), true, 1024, false, 500_00, 1, true);
    assertThat(admission).isEqualTo(new Admission(422, true, false));
    assertThat(admission.downgraded(1024)).isTrue();
  }

  @Test
  void aDowngradeNeverLengthensNorGoesBelowTheSchemaMinimum() {
    assertThat(UpfrontRules.afterHold(false, new Need(true, 612), true, 80, false, 20_00, 1, false))
        .isEqualTo(new Admission(80, true, false));
    assertThat(UpfrontRules.afterHold(false, new Need(true, -388), true, 80, false, 20_00, 1, false))
        .isEqualTo(new Admission(16, true, false));
  }

  @Test
  void withoutDowngradeTheRequestIsRefusedAsTheReferenceWordsIt() {
    assertThatThrownBy(() -> UpfrontRules.afterHold(false, new Need(true, 512), false, 1024, true, 1706_67, 1, true))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.rc()).isEqualTo("KudosUpfront");
          assertThat(e.getMessage()).isEqualTo("Due to heavy demand, for requests over 512 tokens, the client needs "
              + "to already have the required kudos. This request requires 1706.67 kudos to fulfil.");
        });
  }

  @Test
  void theRequiredKudosArePrintedAsPythonPrintsThem() {
    // 20 × n without models is an int
    assertThat(UpfrontRules.requiredKudos(60_00, 3, false)).isEqualTo("60");
    // round(L × P / 21, 2) × n is a float, with Python's float artefacts
    assertThat(UpfrontRules.requiredKudos(1706_67, 1, true)).isEqualTo("1706.67");
    assertThat(UpfrontRules.requiredKudos(5120_01, 3, true)).isEqualTo("5120.01");
    assertThat(UpfrontRules.requiredKudos(2_28, 3, true)).isEqualTo("2.2800000000000002");
    assertThat(UpfrontRules.requiredKudos(60_00, 1, true)).isEqualTo("60.0");
  }
}
