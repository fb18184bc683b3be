package ai.horde.ingress.status;

import ai.horde.events.ImageCriteria;
import ai.horde.events.RequestStatus;
import ai.horde.events.TextCriteria;
import ai.horde.events.WorkerState;
import ai.horde.image.ImageJobShape;
import ai.horde.image.ImageKudos;
import ai.horde.ingress.status.StatusBodies.ActiveModel;
import ai.horde.ingress.views.Workers;
import ai.horde.work.WorkKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The active models of a kind (spec §1.9 M1/M2), computed from the live views: which online workers serve which
 * model, and which waiting requests name it. Text counts tokens, images pixel-steps. Pure.
 *
 * <ul>
 *   <li>{@code count}: the threads of the workers that checked in within 300 s and are not in maintenance,
 *       over those that serve the model. Only such models are listed; asked for by name, a model no worker
 *       serves but waiting requests name is shown with count 0, as in the reference.</li>
 *   <li>{@code performance}: tokens per second, rounded to 0.1. The measured mean of the model's jobs when
 *       the caller has one, else the mean speed of the online workers serving it (each worker's speed is the
 *       mean of its recent submit samples, 1 before any, spec R3.11.9).</li>
 *   <li>{@code queued}: {@code max_length} summed over the waiting requests that name the model (not times
 *       {@code n}); a request naming no model counts for none. {@code jobs}: their jobs waiting or in flight.</li>
 *   <li>{@code eta}: {@code int(queued / (count × performance))}, 10000 when that product is 0.</li>
 * </ul>
 * Models whose name contains {@code horde_special} are hidden from the list.
 */
final class ModelStats {
  static final int NO_ETA = 10_000;

  /** One model's line. */
  record Entry(String name, int count, double performance, long queued, long jobs, int eta) {}

  private ModelStats() {}

  /**
   * @param only a model name to report alone (M2), or null for every served model (M1)
   * @param measured tokens per second per model, where measured; other models fall back to worker speed
   */
  static List<Entry> of(WorkKind kind, Collection<WorkerState> workers, Collection<RequestStatus> queued,
      Map<String, Double> measured, String only, long now) {
    double baseline = kind == WorkKind.IMAGE ? ImageKudos.BASELINE_SPEED : 1;
    Map<String, Integer> threads = new TreeMap<>();
    Map<String, double[]> speeds = new TreeMap<>();
    for (WorkerState worker : workers) {
      if (!kind.workerType().equals(worker.getKind()) || worker.getMaintenance() || !Workers.online(worker, now)) {
        continue;
      }
      double speed = worker.getSpeedSamples().stream().mapToDouble(Double::doubleValue).average().orElse(baseline);
      for (String model : new LinkedHashSet<>(worker.getModels())) {
        if (only == null ? model.contains("horde_special") : !model.equals(only)) {
          continue;
        }
        threads.merge(model, worker.getThreads(), Integer::sum);
        double[] sum = speeds.computeIfAbsent(model, m -> new double[2]);
        sum[0] += speed;
        sum[1] += 1;
      }
    }
    Map<String, long[]> waiting = new TreeMap<>();
    for (RequestStatus status : queued) {
      long jobs = status.getProgress().getN() + status.getProgress().getProcessing();
      long work;
      List<String> models;
      if (status.getCriteria() instanceof TextCriteria text) {
        work = text.getMaxLength();
        models = text.getModels();
      } else if (status.getCriteria() instanceof ImageCriteria image) {
        work = (long) image.getWidth() * image.getHeight() * ImageKudos.accurateSteps(ImageJobShape.of(image)) * jobs;
        models = image.getModels();
      } else {
        continue; // an alchemy form names no model
      }
      for (String model : new LinkedHashSet<>(models)) {
        long[] line = waiting.computeIfAbsent(model, m -> new long[2]);
        line[0] += work;
        line[1] += jobs;
      }
    }
    if (only != null && !threads.containsKey(only) && waiting.containsKey(only)) {
      threads.put(only, 0);
    }
    List<Entry> entries = new ArrayList<>();
    threads.forEach((model, count) -> {
      Double known = measured.get(model);
      double[] sum = speeds.get(model);
      double performance = round1(known != null ? known : sum == null ? 0 : sum[0] / sum[1]);
      long[] line = waiting.getOrDefault(model, new long[2]);
      double capacity = count * performance;
      int eta = capacity > 0 ? (int) Math.min(Integer.MAX_VALUE, (long) (line[0] / capacity)) : NO_ETA;
      entries.add(new Entry(model, count, performance, line[0], line[1], eta));
    });
    return entries;
  }

  /** The reference's {@code ActiveModel}: performance, queued and jobs are Floats, count and eta Integers. */
  static ActiveModel render(Entry entry, String type) {
    return new ActiveModel(entry.name(), entry.count(), entry.performance(), entry.queued(), entry.jobs(),
        entry.eta(), type);
  }

  private static double round1(double value) {
    return Double.isFinite(value) ? new BigDecimal(value).setScale(1, RoundingMode.HALF_EVEN).doubleValue() : 0;
  }
}
