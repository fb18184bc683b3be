package ai.horde.scheduler;

import ai.horde.alchemy.AlchemyForms;
import ai.horde.events.AlchemyCapabilities;
import ai.horde.events.AlchemyCriteria;
import ai.horde.events.AlchemyResult;
import ai.horde.events.GenMetadata;
import ai.horde.events.Job;
import ai.horde.events.PopRequested;
import ai.horde.events.RequestAccepted;
import ai.horde.events.SubmitRequested;
import ai.horde.events.WaitingRequest;
import ai.horde.events.WorkerState;
import ai.horde.work.WorkKind;
import java.time.Duration;
import java.util.List;

/**
 * The alchemy kind's rules (reference horde/classes/stable/interrogation.py, interrogation_worker.py,
 * database/functions.py get_sorted_forms_filtered_to_worker): each form of an interrogation is a request of one
 * job whose model is the form's name. An alchemist is matched by the forms it offers, its tiles, its tolerance
 * of unsafe addresses, its speed and trust; one pop takes one form of each of as many requests as its
 * {@code amount} ({@link #popsAcrossRequests}). A form has {@link AlchemyForms#FORM_TTL} and goes back to the
 * queue after each of its first three aborts; the fourth faults it. A delivery pays the form's kudos and
 * charges the requester that plus the burn ({@link AlchemyForms#burnCenti}); there is no activation tax and no
 * job tax. An alchemist's speed samples are seconds per form, as the reference's interrogation performance is.
 * Pure.
 *
 * <p>Known gaps: the reference's "kudos" skip (an alchemist that requires upfront kudos refuses a requester who
 * could not pay the form) is left to intake's hold; the uptime reward goes to the owner's spendable balance as
 * every reward does here, which is where the reference puts an alchemist's (it bypasses trust escrow, which does
 * not exist here yet); a requester's own trust does not lift the unsafe-address rule (intake should mark a
 * trusted requester's forms {@code safe_ip}).
 */
final class AlchemyRules implements KindRules {
  @Override
  public WorkKind kind() {
    return WorkKind.ALCHEMY;
  }

  @Override
  public long activationTaxCenti(RequestAccepted request) {
    return 0;
  }

  /**
   * What the reference's query filters out (forms not offered, too many tiles, an unsafe address, a slow
   * alchemist) is never reported; its can_interrogate's "untrusted" is.
   */
  @Override
  public String skipReason(QueueEntry entry, PopRequested pop, WorkerState worker, SchedulerView state) {
    AlchemyCriteria form = (AlchemyCriteria) entry.criteria();
    AlchemyCapabilities offered = (AlchemyCapabilities) pop.getCapabilities();
    if (!forms(offered).contains(form.getForm()) || form.getImageTiles() > offered.getMaxTiles()
        || (!form.getSafeIp() && !offered.getAllowUnsafeIpaddr())
        || (!form.getSlowWorkers() && secondsPerForm(worker) >= AlchemyForms.SLOW_SECONDS_PER_FORM)) {
      return UNREPORTED;
    }
    // Untrusted alchemists get no forms from unsafe addresses, so that nothing slips by and spooks them.
    if ((form.getTrustedWorkers() || !form.getSafeIp()) && !pop.getUserTrusted()) {
      return "untrusted";
    }
    return null;
  }

  @Override
  public List<String> servedModels(PopRequested pop) {
    return forms((AlchemyCapabilities) pop.getCapabilities());
  }

  /** The forms an alchemist serves: those its pop names, or only the default form when it names none. */
  private static List<String> forms(AlchemyCapabilities capabilities) {
    return capabilities.getForms().isEmpty() ? List.of(AlchemyForms.DEFAULT_FORM) : capabilities.getForms();
  }

  /** The mean of an alchemist's speed samples, which are seconds per form; 0 for one that delivered none. */
  private static double secondsPerForm(WorkerState worker) {
    return worker.getSpeedSamples().stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  @Override
  public int jobsPerPop(WaitingRequest request, PopRequested pop, int available) {
    return 1;
  }

  @Override
  public boolean popsAcrossRequests() {
    return true;
  }

  @Override
  public String jobModel(WaitingRequest request, PopRequested pop) {
    return criteria(request).getForm();
  }

  @Override
  public Duration jobTtl(WaitingRequest request, WorkerState worker) {
    return AlchemyForms.FORM_TTL;
  }

  @Override
  public long expectedMs(WaitingRequest request, WorkerState worker) {
    double seconds = secondsPerForm(worker);
    return (long) ((seconds > 0 ? seconds : AlchemyForms.SLOW_SECONDS_PER_FORM) * 1000);
  }

  @Override
  public int abortsToFault(SchedulerSettings settings) {
    return AlchemyForms.ABORTS_TO_FAULT;
  }

  /** Seconds per form, to a tenth: what the reference records as an alchemist's performance. */
  /** The reference spares alchemists, whose model crashes drop forms, until 100 aborts (even in raid mode). */
  @Override
  public int abortedJobsThreshold(boolean raid) {
    return 100;
  }

  @Override
  public double speedSample(long things, double seconds) {
    return Math.round(Math.max(seconds, 0) / Math.max(things, 1) * 10) / 10.0;
  }

  @Override
  public void recordCheckIn(WorkerState.Builder worker, PopRequested pop) {
    AlchemyCapabilities offered = (AlchemyCapabilities) pop.getCapabilities();
    worker.setAlchemy(AlchemyCapabilities.newBuilder(offered).setForms(forms(offered)).build());
  }

  @Override
  public long uptimeRewardCenti(WorkerState worker) {
    return AlchemyForms.UPTIME_REWARD_CENTI;
  }

  /** The form's worth to the alchemist, the requester charged that plus the burn; a form is one thing. */
  @Override
  public Delivery deliver(Job job, WaitingRequest request, WorkerState worker, SubmitRequested submit, String state,
      List<GenMetadata> metadata) {
    AlchemyCriteria form = criteria(request);
    long reward = form.getKudosCenti();
    AlchemyResult result = new AlchemyResult(job.getJobId(), worker.getWorkerId(), worker.getName(), form.getForm(),
        submit.getGeneration());
    return new Delivery(null, result, 1, reward, reward + AlchemyForms.burnCenti(form.getSlowWorkers()), 0);
  }

  private static AlchemyCriteria criteria(WaitingRequest request) {
    return (AlchemyCriteria) request.getRequest().getCriteria();
  }
}
