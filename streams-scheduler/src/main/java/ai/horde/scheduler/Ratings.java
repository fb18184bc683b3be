package ai.horde.scheduler;

import ai.horde.events.ErrorAnswer;
import ai.horde.events.ImageCriteria;
import ai.horde.events.ImageGeneration;
import ai.horde.events.ImageRating;
import ai.horde.events.Progress;
import ai.horde.events.RatingRequested;
import ai.horde.events.WaitingRequest;
import ai.horde.scheduler.SchedulerEvent.KudosIssued;
import ai.horde.scheduler.SchedulerEvent.RatingRejected;
import ai.horde.scheduler.SchedulerEvent.RequestRated;
import ai.horde.text.TextProgressRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Aesthetic ratings of an image request ({@code POST /generate/rate/{id}}, spec §1.2 I5), decided in the
 * reference's order: the request must be done and shared, its ratings must name its images once each, and
 * there must be a rating or a best-of. The award is the reference's: 5 per rating, 5 more per artifacts rating,
 * 15 for a best-of that says something (a set of several images, and not already implied by one high rating),
 * never more than the request consumed minus 1. Pure.
 *
 * <p>The reference forwards the ratings to an external ratings server, which refuses a set rated twice
 * ({@code AestheticsAlreadyExist}); here the ratings are kept on {@code horde.image-ratings} and the request
 * remembers it was rated. Its best-of tie check can never fire (its second comparison repeats the first); here a
 * best-of that is not among the highest rated of several ties is {@code AestheticsConfused}, as its message says.
 */
final class Ratings {
  private static final long PER_RATING_CENTI = 500;
  private static final long BEST_OF_CENTI = 1500;

  private Ratings() {}

  static List<SchedulerEvent> rate(SchedulerView state, RatingRequested rating, long now) {
    WaitingRequest request = state.request(rating.getRequestId());
    if (request == null || !(request.getRequest().getCriteria() instanceof ImageCriteria criteria)) {
      return refused(rating, 404, "RequestNotFound",
          "Image Waiting Prompt (Aesthetics) with ID '" + rating.getRequestId() + "' not found.");
    }
    Progress progress = request.getProgress();
    if (!TextProgressRules.done(progress)) {
      return refused(rating, 400, "AestheticsNotCompleted", "You can only aesthetically rate completed requests!");
    }
    if (!criteria.getShared()) {
      return refused(rating, 400, "AestheticsNotPublic",
          "You can only aesthetically rate requests you have opted to share publicly");
    }
    Set<String> images = new HashSet<>();
    progress.getGenerations().forEach(g -> images.add(((ImageGeneration) g).getJobId()));
    Set<String> seen = new HashSet<>();
    for (ImageRating r : rating.getRatings()) {
      if (!images.contains(r.getId())) {
        return notFound(rating, r.getId());
      }
      if (!seen.add(r.getId())) {
        return refused(rating, 400, "AestheticsDuplicate", "Duplicate image ID found in your ratings. You should be ashamed!");
      }
    }
    String best = rating.getBest();
    if (best != null && !images.contains(best)) {
      return notFound(rating, best);
    }
    List<ImageRating> ratings = rating.getRatings();
    if (ratings.isEmpty() && best == null) {
      return refused(rating, 400, "AestheticsMissing",
          "You need to either point to the best image, or provide aesthetic ratings.");
    }
    if (ratings.isEmpty() && images.size() <= 1) {
      return refused(rating, 400, "AestheticsSolo", "Well done! You have pointed to a single image generation as "
          + "being the best one of the set. Unfortunately that doesn't help anyone. no kudos for you!");
    }
    long reward;
    if (ratings.isEmpty()) {
      reward = BEST_OF_CENTI;
    } else {
      reward = ratings.stream().mapToLong(r -> r.getArtifacts() == null ? PER_RATING_CENTI : 2 * PER_RATING_CENTI)
          .sum();
      if (ratings.size() == 1 && images.size() > 1 && ratings.get(0).getRating() < 7 && best != null) {
        reward += BEST_OF_CENTI;
      }
      if (ratings.size() > 1 && best != null && !highestRated(ratings).contains(best)) {
        return refused(rating, 400, "AestheticsConfused", "What are you even doing? How could the best image you "
            + "selected not be one of those with the highest aesthetic rating?");
      }
    }
    if (request.getProgress().getRated()) {
      return refused(rating, 400, "AestheticsAlreadyExist", "This generation appears already rated");
    }
    // Never more than the request consumed, less one.
    reward = Math.max(0, Math.min(reward, progress.getConsumedCenti() - 100));
    WaitingRequest rated = WaitingRequest.newBuilder(request)
        .setProgress(Progress.newBuilder(progress).setRated(true).build()).build();
    List<SchedulerEvent> events = new ArrayList<>(List.of(new RequestRated(rating, rated, reward)));
    if (reward > 0) {
      events.add(new KudosIssued(SchedulerKudos.aestheticsAward(request.getRequest(), reward, now)));
    }
    return events;
  }

  /** The ids of the highest rating among several ratings. */
  private static Set<String> highestRated(List<ImageRating> ratings) {
    int top = ratings.stream().mapToInt(ImageRating::getRating).max().orElse(0);
    Set<String> ids = new HashSet<>();
    ratings.stream().filter(r -> r.getRating() == top).forEach(r -> ids.add(r.getId()));
    return ids;
  }

  private static List<SchedulerEvent> notFound(RatingRequested rating, String image) {
    return refused(rating, 400, "ProcGenNotFound", "Image with ID '" + image + "' not found in this request.");
  }

  private static List<SchedulerEvent> refused(RatingRequested rating, int status, String rc, String message) {
    return List.of(new RatingRejected(rating, new ErrorAnswer(status, rc, message)));
  }
}
