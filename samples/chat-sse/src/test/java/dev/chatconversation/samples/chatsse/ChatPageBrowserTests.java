package dev.chatconversation.samples.chatsse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Wait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page in a real browser (headless Chromium), against the demo model: the reply
 * is seen growing, and the conversation survives a reload.
 *
 * <p>
 * Skipped when Chromium or ChromeDriver is missing, unless the system property
 * {@code browser.tests.required=true} or the environment variable
 * {@code CHAT_BROWSER_TESTS=required} is set (as CI does), when it fails instead.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EnabledIf(value = "dev.chatconversation.samples.chatsse.HeadlessChromium#installedOrRequired",
		disabledReason = "Chromium or ChromeDriver is missing (on Debian: apt-get install chromium chromium-driver)")
class ChatPageBrowserTests {

	private static final By LAST_REPLY = By.cssSelector("#messages li.assistant:last-of-type");

	@LocalServerPort
	private int port;

	@TempDir
	private Path profile;

	@TempDir
	private Path downloads;

	private WebDriver browser;

	@BeforeAll
	static void requireBrowser() {
		assertThat(HeadlessChromium.installed()).as("Chromium and ChromeDriver are installed").isTrue();
	}

	@BeforeEach
	void openBrowser() {
		this.browser = HeadlessChromium.open(this.profile, this.downloads);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			try {
				HeadlessChromium.assertNoSecurityPolicyViolations(this.browser);
			}
			finally {
				this.browser.quit();
			}
		}
	}

	@Test
	void theReplyIsSeenGrowingAndTheConversationSurvivesAReload() {
		openPage();
		assertThat(this.browser.findElement(By.id("demo-banner")).isDisplayed()).isTrue();
		String model = waitFor(Duration.ofSeconds(10)).until((page) -> {
			String shown = text(page.findElement(By.id("model")));
			return shown.isEmpty() ? null : shown;
		});
		assertThat(model).contains("demo-echo");
		assertThat(this.browser.findElement(By.id("connection-picker")).isDisplayed())
			.as("the model picker, with one connection")
			.isFalse();

		send("Hello from a real browser");
		List<String> seen = new ArrayList<>();
		WebElement reply = waitFor(Duration.ofSeconds(20)).until((page) -> {
			WebElement last = page.findElement(LAST_REPLY);
			String text = text(last.findElement(By.className("text")));
			if ("done".equals(last.getDomAttribute("data-state"))) {
				return last;
			}
			if (!text.isEmpty() && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(text))) {
				seen.add(text);
			}
			return null;
		});
		String answer = text(reply.findElement(By.className("text")));

		assertThat(answer).startsWith("(Demo model, offline) You said: \u201cHello from a real browser\u201d")
			.contains("CHAT_BASE_URL");
		// the whole text may show a moment before the "done" event marks it complete
		List<String> partial = seen.stream().filter((text) -> !text.equals(answer)).toList();
		assertThat(partial).as("reply texts seen before it was complete").hasSizeGreaterThanOrEqualTo(2);
		assertThat(partial).allSatisfy((text) -> assertThat(answer).startsWith(text));

		this.browser.navigate().refresh();
		waitUntilReady();
		assertThat(this.browser.findElements(By.cssSelector("#messages li.user .text"))).singleElement()
			.satisfies((question) -> assertThat(text(question)).isEqualTo("Hello from a real browser"));
		assertThat(this.browser.findElements(By.cssSelector("#messages li.assistant .text"))).singleElement()
			.satisfies((kept) -> assertThat(text(kept)).isEqualTo(answer));
	}

	@Test
	void stopEndsTheReplyAndKeepsWhatWasWritten() {
		openPage();
		send("Please stop me");
		waitFor(Duration.ofSeconds(20))
			.until((page) -> text(page.findElement(LAST_REPLY).findElement(By.className("text"))).length() > 20);

		this.browser.findElement(By.id("stop")).click();

		WebElement stopped = waitFor(Duration.ofSeconds(10))
			.until((page) -> "stopped".equals(page.findElement(LAST_REPLY).getDomAttribute("data-state"))
					? page.findElement(LAST_REPLY) : null);
		String partial = text(stopped.findElement(By.className("text")));
		assertThat(partial).startsWith("(Demo model, offline)").doesNotContain("restart the app");
		assertThat(this.browser.findElement(By.id("send")).isEnabled()).isTrue();
		// the server learns of the stop when the connection closes: reload until it has
		WebElement kept = new FluentWait<>(this.browser).withTimeout(Duration.ofSeconds(10))
			.pollingEvery(Duration.ofMillis(200))
			.until((page) -> {
				page.navigate().refresh();
				waitUntilReady();
				List<WebElement> replies = page.findElements(LAST_REPLY);
				return replies.isEmpty() ? null : replies.get(0);
			});
		// the server may have kept a few more words than the page showed when it stopped
		assertThat(text(kept.findElement(By.className("text")))).startsWith(partial);
		assertThat(text(kept.findElement(By.className("note")))).isEqualTo("Stopped before the end.");
	}

	private void openPage() {
		this.browser.get("http://localhost:" + this.port + "/");
		waitUntilReady();
	}

	private void waitUntilReady() {
		waitFor(Duration.ofSeconds(10))
			.until((page) -> "true".equals(page.findElement(By.tagName("body")).getDomAttribute("data-ready")));
	}

	private void send(String message) {
		this.browser.findElement(By.id("message")).sendKeys(message);
		this.browser.findElement(By.id("send")).click();
	}

	private Wait<WebDriver> waitFor(Duration timeout) {
		return new FluentWait<>(this.browser).withTimeout(timeout)
			.pollingEvery(Duration.ofMillis(10))
			.ignoring(StaleElementReferenceException.class);
	}

	/**
	 * The element's text as in the DOM, spaces and line breaks included, but for the line
	 * breaks the Markdown renderer puts after each block.
	 */
	private static String text(WebElement element) {
		String text = element.getDomProperty("textContent");
		return (text != null) ? text.stripTrailing() : "";
	}

}
