package ai.horde.ledger;

/** Names of kudos accounts: {@code user:<id>} for users, {@code system:<name>} for the books' counterparties. */
final class Accounts {
  private Accounts() {}

  /** Where kudos enter the books: every credit out of nothing is posted against it, so all balances sum to 0. */
  static final String MINT = "system:mint";

  static String user(long userId) {
    return "user:" + userId;
  }
}
