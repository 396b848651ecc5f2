package dev.chatconversation.samples.chatsse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium and ChromeDriver, headless, as the browser tests use them.
 */
final class HeadlessChromium {

	static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));

	private HeadlessChromium() {
	}

	static boolean installedOrRequired() {
		return installed() || Boolean.getBoolean("browser.tests.required")
				|| "required".equals(System.getenv("CHAT_BROWSER_TESTS"));
	}

	static boolean installed() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
	}

	/**
	 * Opens a browser.
	 * @param profile a fresh profile folder
	 * @param downloads where downloads go, without asking
	 * @return the browser
	 */
	static WebDriver open(Path profile, Path downloads) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
		options.setExperimentalOption("prefs", Map.of("download.default_directory",
				downloads.toAbsolutePath().toString(), "download.prompt_for_download", false));
		logBrowserConsole(options);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	/**
	 * Keeps the browser's console, where Chromium reports Content-Security-Policy
	 * violations.
	 */
	static void logBrowserConsole(ChromeOptions options) {
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
	}

	/**
	 * Fails if the console reports a blocked script, style or connection, or any error.
	 * @param browser the browser
	 */
	static void assertNoSecurityPolicyViolations(WebDriver browser) {
		List<String> severe = browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue()
					|| entry.getMessage().contains("Content Security Policy"))
			.map(LogEntry::getMessage)
			// a refused request (409, 404) is logged by the browser; it is part of a test
			.filter((message) -> !message.contains("Failed to load resource"))
			.toList();
		assertThat(severe).as("errors and Content-Security-Policy violations in the browser console").isEmpty();
	}

}
