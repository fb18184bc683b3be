package ai.horde.ingress.image;

/**
 * The warnings an accepted image request can carry ({@code warnings: [{code, message}]} of the 202), with the
 * reference's codes and words (its {@code WarningMessage}, typos included).
 */
enum ImageWarning {
  NoAvailableWorker("Warning: No available workers can fulfill this request. It will expire in 20 minutes unless a "
      + "worker appears. Please confider reducing its size of the request or choosing a different model."),
  ClipSkipMismatch("The clip skip specified for this generation does not match the requirements of one of the "
      + "requested models."),
  StepsTooFew("The steps specified for this generation are too few for this model."),
  StepsTooMany("The steps specified for this generation are too many for this model."),
  CfgScaleMismatch("The cfg scale specified for this generation does not match the requirements of one of the "
      + "requested models."),
  CfgScaleTooSmall("The cfg_scale specified for this generation is too small for this model."),
  CfgScaleTooLarge("The cfg_scale specified for this generation is too large for this model."),
  SamplerMismatch("The requested sampler does not match the requirements for one of the requested models."),
  SchedulerMismatch("The requested scheduler does not match the requirements for one of the requested models.");

  private final String message;

  ImageWarning(String message) {
    this.message = message;
  }

  String code() {
    return name();
  }

  String message() {
    return message;
  }
}
