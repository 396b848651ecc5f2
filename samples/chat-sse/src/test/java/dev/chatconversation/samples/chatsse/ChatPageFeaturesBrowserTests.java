package dev.chatconversation.samples.chatsse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.chatconversation.boot.ChatConversationCustomizer;
import dev.chatconversation.testfixture.ChatWireMock;
import dev.chatconversation.tool.ChatTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.Wait;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.chatconversation.samples.chatsse.ProviderStubs.PATH;
import static dev.chatconversation.samples.chatsse.ProviderStubs.requestBodies;
import static dev.chatconversation.samples.chatsse.ProviderStubs.stream;
import static dev.chatconversation.samples.chatsse.ProviderStubs.syntheticStream;
import static dev.chatconversation.samples.chatsse.ProviderStubs.toolCallStream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's features in headless Chromium, against WireMock as the provider (synthetic
 * streams built by {@link ProviderStubs}), with two connections and a tool: Markdown,
 * past chats, regenerate, edit, transcript download, model picker, tool rounds, all under
 * the app's Content-Security-Policy (a violation fails the test).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "chat.base-url=${provider.url}", "chat.api-key=sk-test", "chat.model=gpt-4.1-nano",
				"chat.connections.second.model=gpt-second", "chat.retry.max-attempts=1" })
@EnabledIf(value = "dev.chatconversation.samples.chatsse.HeadlessChromium#installedOrRequired",
		disabledReason = "Chromium or ChromeDriver is missing (on Debian: apt-get install chromium chromium-driver)")
class ChatPageFeaturesBrowserTests {

	private static final By LAST_REPLY = By.cssSelector("#messages li.assistant:last-of-type");

	@RegisterExtension
	static final WireMockExtension provider = ChatWireMock.extension();

	@DynamicPropertySource
	static void providerUrl(DynamicPropertyRegistry registry) {
		registry.add("provider.url", () -> provider.baseUrl() + "/v1");
	}

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
		try {
			HeadlessChromium.assertNoSecurityPolicyViolations(this.browser);
		}
		finally {
			this.browser.quit();
		}
	}

	@Test
	void whenAReplyHasMarkdownThenItIsRenderedAndTheHtmlInItStaysInertText() {
		provider.stubFor(post(PATH)
			.willReturn(stream(syntheticStream(List.of("Here is **code**:\n\n", "```java\n", "int answer = 42;\n",
					"```\n\n", "<img src=x onerror=\"window.pwned = 1\"> ", "<script>window.pwned = 2</script>")))));
		openPage();

		WebElement reply = sendAndWaitForReply("Show me code");

		assertThat(text(reply.findElement(By.cssSelector(".text pre code")))).isEqualTo("int answer = 42;");
		assertThat(text(reply.findElement(By.cssSelector(".text strong")))).isEqualTo("code");
		assertThat(this.browser.findElements(By.cssSelector("#messages img, #messages script"))).isEmpty();
		assertThat(text(reply.findElement(By.className("text")))).contains("<img src=x onerror=\"window.pwned = 1\">")
			.contains("<script>window.pwned = 2</script>");
		assertThat(((JavascriptExecutor) this.browser).executeScript("return window.pwned === undefined"))
			.isEqualTo(true);
	}

	@Test
	void whenAnotherChatIsStartedThenThePastOneIsListedNewestFirstAndReopens() {
		provider.stubFor(post(PATH).willReturn(stream(syntheticStream(List.of("Noted.")))));
		openPage();
		sendAndWaitForReply("Plan a trip to Lyon");
		this.browser.findElement(By.id("new-chat")).click();
		waitFor(Duration.ofSeconds(10)).until((page) -> page.findElements(By.cssSelector("#messages li")).isEmpty());
		sendAndWaitForReply("Bake some bread");

		List<String> titles = waitFor(Duration.ofSeconds(10)).until((page) -> {
			List<String> shown = page.findElements(By.cssSelector("#chats button.chat-link"))
				.stream()
				.map((chat) -> text(chat).split("\n")[0])
				.toList();
			return (shown.size() >= 2 && shown.get(0).startsWith("Bake")) ? shown : null;
		});
		assertThat(titles.get(0)).startsWith("Bake some bread");
		assertThat(titles.get(1)).startsWith("Plan a trip to Lyon");

		this.browser.findElements(By.cssSelector("#chats button.chat-link")).get(1).click();
		waitFor(Duration.ofSeconds(10)).until((page) -> page.findElements(By.cssSelector("#messages li.user .text"))
			.stream()
			.anyMatch((question) -> text(question).equals("Plan a trip to Lyon")));
		assertThat(this.browser.findElements(By.cssSelector("#messages li.user"))).hasSize(1);
		assertThat(this.browser.findElement(By.cssSelector("#chats button[aria-current=page]")).getText())
			.startsWith("Plan a trip to Lyon");
	}

	@Test
	void whenTheReplyIsRegeneratedOrTheLastMessageEditedThenTheTurnIsReplacedOnThePageAndOnTheServer() {
		provider.stubFor(post(PATH).inScenario("regenerate")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(stream(syntheticStream(List.of("First answer."))))
			.willSetStateTo("regenerated"));
		provider.stubFor(post(PATH).inScenario("regenerate")
			.whenScenarioStateIs("regenerated")
			.willReturn(stream(syntheticStream(List.of("Second answer.")))));
		provider.stubFor(post(PATH).withRequestBody(containing("Edited question"))
			.atPriority(1)
			.willReturn(stream(syntheticStream(List.of("Answer to the edit.")))));
		openPage();
		sendAndWaitForReply("Original question");

		this.browser.findElement(By.id("regenerate")).click();
		waitForReplyText("Second answer.");
		assertThat(this.browser.findElements(By.cssSelector("#messages li.assistant"))).hasSize(1);

		this.browser.findElement(By.id("edit-last")).click();
		WebElement input = this.browser.findElement(By.id("message"));
		assertThat(input.getDomProperty("value")).isEqualTo("Original question");
		input.clear();
		input.sendKeys("Edited question");
		this.browser.findElement(By.id("send")).click();
		waitForReplyText("Answer to the edit.");

		this.browser.navigate().refresh();
		waitUntilReady();
		assertThat(this.browser.findElements(By.cssSelector("#messages li.user .text"))).singleElement()
			.satisfies((question) -> assertThat(text(question)).isEqualTo("Edited question"));
		assertThat(this.browser.findElements(By.cssSelector("#messages li.assistant .text"))).singleElement()
			.satisfies((reply) -> assertThat(text(reply)).isEqualTo("Answer to the edit."));
	}

	@Test
	void whenTheTranscriptLinkIsClickedThenTheTranscriptIsDownloadedAsAFile() throws IOException {
		provider.stubFor(post(PATH).willReturn(stream(syntheticStream(List.of("Twelve.")))));
		openPage();
		sendAndWaitForReply("How many months are there?");

		this.browser.findElement(By.id("download")).click();

		Path file = waitFor(Duration.ofSeconds(10)).until((page) -> {
			try (var files = Files.list(this.downloads)) {
				return files.filter((each) -> each.getFileName().toString().matches("chat-.*\\.txt"))
					.findFirst()
					.orElse(null);
			}
			catch (IOException ex) {
				return null;
			}
		});
		assertThat(Files.readString(file)).contains("How many months are there?").contains("Twelve.");
	}

	@Test
	void whenSeveralConnectionsAreConfiguredThenThePickerStartsAChatOnTheChosenOne() {
		provider.stubFor(post(PATH).willReturn(stream(syntheticStream(List.of("Hi.")))));
		openPage();
		WebElement picker = this.browser.findElement(By.id("connection"));
		assertThat(picker.isDisplayed()).isTrue();
		assertThat(new Select(picker).getOptions()).extracting(WebElement::getText)
			.containsExactly("default (gpt-4.1-nano)", "second (gpt-second)");

		new Select(picker).selectByValue("second");
		waitFor(Duration.ofSeconds(10)).until((page) -> text(page.findElement(By.id("model"))).contains("gpt-second"));
		sendAndWaitForReply("Which model are you?");

		List<JsonNode> requests = requestBodies(provider);
		assertThat(requests.get(requests.size() - 1).path("model").asString()).isEqualTo("gpt-second");
	}

	@Test
	void whenTheModelCallsAToolThenTheRoundShowsAsACollapsibleLineThatSurvivesAReload() throws IOException {
		provider.stubFor(post(PATH).willReturn(stream(toolCallStream("call_1", "test_clock", "{}"))));
		provider.stubFor(post(PATH).withRequestBody(containing("\"role\":\"tool\""))
			.atPriority(1)
			.willReturn(stream(syntheticStream(List.of("It is ", "`12:00`", " in the demo.\n\n```text\n12:00\n```")))));
		openPage();

		WebElement reply = sendAndWaitForReply("What time is it?");

		WebElement tool = reply.findElement(By.cssSelector("details.tool"));
		assertThat(tool.getDomAttribute("data-status")).isEqualTo("done");
		assertThat(text(tool.findElement(By.tagName("summary")))).isEqualTo("Tool test_clock: done");
		assertThat(tool.getDomAttribute("open")).as("collapsed").isNull();
		tool.findElement(By.tagName("summary")).click();
		assertThat(tool.findElement(By.className("tool-result")).getText()).isEqualTo("Result: 12:00");
		assertThat(text(reply.findElement(By.cssSelector(".text code")))).isEqualTo("12:00");

		this.browser.navigate().refresh();
		waitUntilReady();
		WebElement kept = this.browser.findElement(LAST_REPLY).findElement(By.cssSelector("details.tool"));
		assertThat(text(kept.findElement(By.tagName("summary")))).isEqualTo("Tool test_clock: done");
		Path screenshot = Path.of("target", "chat-page.png");
		Files.createDirectories(screenshot.getParent());
		Files.write(screenshot, ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES));
	}

	private void openPage() {
		this.browser.get("http://localhost:" + this.port + "/");
		waitUntilReady();
	}

	private void waitUntilReady() {
		waitFor(Duration.ofSeconds(10))
			.until((page) -> "true".equals(page.findElement(By.tagName("body")).getDomAttribute("data-ready")));
	}

	private WebElement sendAndWaitForReply(String message) {
		this.browser.findElement(By.id("message")).sendKeys(message);
		this.browser.findElement(By.id("send")).click();
		return waitFor(Duration.ofSeconds(20)).until((page) -> {
			List<WebElement> users = page.findElements(By.cssSelector("#messages li.user .text"));
			WebElement last = page.findElement(LAST_REPLY);
			boolean asked = !users.isEmpty() && text(users.get(users.size() - 1)).equals(message);
			return (asked && "done".equals(last.getDomAttribute("data-state"))) ? last : null;
		});
	}

	private void waitForReplyText(String expected) {
		waitFor(Duration.ofSeconds(20)).until((page) -> {
			WebElement last = page.findElement(LAST_REPLY);
			return "done".equals(last.getDomAttribute("data-state"))
					&& text(last.findElement(By.className("text"))).equals(expected);
		});
	}

	private Wait<WebDriver> waitFor(Duration timeout) {
		return new FluentWait<>(this.browser).withTimeout(timeout)
			.pollingEvery(Duration.ofMillis(20))
			.ignoring(StaleElementReferenceException.class)
			.ignoring(org.openqa.selenium.NoSuchElementException.class);
	}

	/** The element's text as in the DOM, without the line breaks after the last block. */
	private static String text(WebElement element) {
		String text = element.getDomProperty("textContent");
		return (text != null) ? text.strip() : "";
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class DemoToolConfiguration {

		@Bean
		// named apart from the sample's own current_time tool, which every conversation
		// also gets
		ChatConversationCustomizer testClockTool() {
			ChatTool tool = ChatTool.raw("test_clock", "The current time, fixed for the test",
					ChatApi.json.readTree("{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}"),
					(arguments) -> "12:00");
			return (connection, builder) -> builder.tools(tool);
		}

	}

}
