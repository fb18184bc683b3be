package ai.horde.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import ai.horde.ingress.HordeProcess.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The horde as a browser uses it, in a real headless Chromium against the whole horde on localhost: a
 * frontend served from another site, and one opened from disk ({@code Origin: null}), run the text loop
 * while a scripted worker pops and submits; the landing page and {@code /register} work, and are
 * photographed under {@code target/screenshots/}. Every origin may call the API (docs/decisions/0009); the one
 * route that trusts this machine, the test-user route, refuses pages of other sites.
 */
class BrowserSystemTest {
  private static final String PAGE = "text-loop.html";

  @TempDir
  static Path data;
  static HordeProcess horde;
  static Browser browser;
  /**
   * Serves the frontend page from a site of its own: {@link Browser#site}, another host name (one that Micronaut's
   * guard against drive-by-localhost requests does not count as local, as it would 127.0.0.1) and another port.
   */
  static HttpServer otherOrigin;
  static byte[] page;

  @BeforeAll
  static void start() throws Exception {
    // The browser first: without chromium this fails at once, saying how to install it.
    browser = new Browser(data.resolve("chromium-profile"));
    horde = new HordeProcess(data.resolve("horde"), Map.of("HORDE_POP_HOLD_MS", "2000")).start();
    try (InputStream in = BrowserSystemTest.class.getResourceAsStream("/browser/" + PAGE)) {
      page = in.readAllBytes();
    }
    otherOrigin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    otherOrigin.createContext("/" + PAGE, exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, page.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(page);
      }
    });
    otherOrigin.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (otherOrigin != null) {
      otherOrigin.stop(0);
    }
    if (horde != null) {
      horde.close();
    }
  }

  private static String hordeUrl() {
    return "http://localhost:" + horde.httpPort;
  }

  @Test
  void aPageFromAnotherOriginRunsTheTextLoop() throws Exception {
    String url = Browser.site(otherOrigin.getAddress().getPort(), "/" + PAGE);
    runTextLoop(url, "http://" + Browser.SITE_HOST + ":" + otherOrigin.getAddress().getPort(), "other-origin",
        " and the horde answered across origins.");
  }

  @Test
  void aPageOpenedFromDiskRunsTheTextLoop() throws Exception {
    Path file = Files.write(data.resolve(PAGE), page);
    runTextLoop(file.toUri().toString(), "null", "file-page", " and the horde answered a page from disk.");
  }

  /**
   * Opens the page, serves its request as a worker would, and waits for the page to show the text.
   *
   * @param origin what the page's requests carry as their Origin
   */
  private static void runTextLoop(String pageUrl, String origin, String name, String text) throws Exception {
    String owner = horde.testUser(name + "-owner", 0).get("api_key").asText();
    browser.open(pageUrl + "?horde=" + hordeUrl());
    assertThat(browser.text("#origin")).isEqualTo(origin);
    JsonNode job = popUntilJob(owner, name + "-worker");
    assertThat(job.get("payload").get("prompt").asText()).isEqualTo("A browser asks");
    Response submitted = horde.post("/generate/text/submit", "{\"id\":\"" + job.get("id").asText()
        + "\",\"generation\":" + HordeProcess.JSON.valueToTree(text) + "}", "apikey", owner);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);

    String state = browser.awaitText("#state", Duration.ofSeconds(30), "done", "failed");
    assertThat(state).as(browser.text("#error")).isEqualTo("done");
    assertThat(browser.driver().findElement(By.id("text")).getAttribute("textContent")).isEqualTo(text);
    browser.screenshot("text-loop-" + name);
  }

  /** Pops as the worker until the page's request is there (the page may take a moment to ask). */
  private static JsonNode popUntilJob(String owner, String worker) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && !"failed".equals(browser.text("#state"))) {
      JsonNode answer = horde.post("/generate/text/pop", "{\"name\":\"" + worker + "\",\"models\":[\"browser/model\"]}",
          "apikey", owner).json();
      if (!answer.get("id").isNull()) {
        return answer;
      }
    }
    throw new AssertionError("no job for " + worker + "; the page shows: " + browser.text("#state")
        + " " + browser.text("#error"));
  }

  @Test
  void onlyScriptsAndPagesOfThisMachineMayMintTestUsers() throws Exception {
    // A page of another site in a browser here, or one opened from disk, is refused (with the CORS headers)
    for (String origin : new String[] {"https://lite.koboldai.net", "null", "http://localhost.example.org"}) {
      Response refused = horde.post("/dev/test-user", "{\"username\":\"drive-by\"}", "Origin", origin);
      assertThat(refused.status()).as(origin + " " + refused.body()).isEqualTo(403);
      assertThat(refused.json().get("rc").asText()).isEqualTo("Forbidden");
      assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }
    // A script (no Origin) and a page served from this machine may
    assertThat(horde.post("/dev/test-user", "{\"username\":\"script\"}").status()).isIn(200, 201);
    for (String origin : new String[] {"http://localhost:8000", "http://127.0.0.1:5001", "http://[::1]:3000"}) {
      Response allowed = horde.post("/dev/test-user", "{\"username\":\"local page\"}", "Origin", origin);
      assertThat(allowed.status()).as(origin + " " + allowed.body()).isIn(200, 201);
    }
  }

  @Test
  void theLandingPageShowsTheHordeAndLinksOn() throws Exception {
    browser.open(hordeUrl() + "/");
    assertThat(browser.driver().getTitle()).isEqualTo("AI Horde");
    assertThat(browser.text("h1")).isEqualTo("AI Horde");
    assertThat(Long.parseLong(browser.text("#workers"))).isNotNegative();
    assertThat(Long.parseLong(browser.text("#tokens"))).isNotNegative();
    assertThat(browser.driver().findElement(By.linkText("Register for an API key")).getAttribute("href"))
        .isEqualTo(hordeUrl() + "/register");
    assertThat(browser.driver().findElement(By.linkText("API documentation")).getAttribute("href"))
        .isEqualTo(hordeUrl() + "/api/");
    browser.screenshot("landing");
  }

  @Test
  void registeringInTheBrowserShowsAKeyThatWorks() throws Exception {
    browser.open(hordeUrl() + "/register");
    browser.screenshot("register-form");
    browser.driver().findElement(By.name("username")).sendKeys("browser user");
    browser.driver().findElement(By.cssSelector("form[action='/register'] button[type='submit']")).click();

    String key = browser.text(".ah-api-key");
    browser.screenshot("register-key");
    Response found = horde.get("/find_user", "apikey", key);
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    assertThat(found.json().get("username").asText()).startsWith("browser user#");
  }
}
