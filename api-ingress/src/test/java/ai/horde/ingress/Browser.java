package ai.horde.ingress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (packages {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs). Both are named explicitly so that Selenium never
 * looks for a browser or driver to download; each browser gets a fresh profile in {@code profile}.
 *
 * <p>Every host name under {@code .test} (reserved for testing, RFC 2606) reaches this machine in this browser
 * only, so a page served here can come from a site of its own, as KoboldAI Lite's does ({@link #site}).
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** A site only this browser knows, on this machine. */
  static final String SITE_HOST = "frontend.test";
  /** Where screenshots go, for a person to look at after the run. */
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;

  Browser(Path profile) {
    for (Path program : new Path[] {CHROMIUM, CHROMEDRIVER}) {
      if (!Files.isExecutable(program)) {
        throw new IllegalStateException(program + " is missing: install Debian's chromium and chromium-driver"
            + " (apt-get install chromium chromium-driver; .ci/run does)");
      }
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP *.test 127.0.0.1", "--user-data-dir=" + profile.toAbsolutePath());
    this.driver = new ChromeDriver(service, options);
    // A phone's width: the pages must read well there.
    driver.manage().window().setSize(new Dimension(412, 915));
  }

  /** The address of {@code path} on a server of this machine listening on {@code port}, as another site. */
  static String site(int port, String path) {
    return "http://" + SITE_HOST + ":" + port + path;
  }

  void open(String url) {
    driver.get(url);
  }

  String text(String cssSelector) {
    return driver.findElement(By.cssSelector(cssSelector)).getText();
  }

  /** Waits until the element's text is one of {@code wanted}, and returns it. */
  String awaitText(String cssSelector, Duration timeout, String... wanted) {
    return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
        .until(() -> text(cssSelector), text -> List.of(wanted).contains(text));
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Saves what the page looks like now as {@code target/screenshots/<name>.png}. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    return file;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
