package dev.chatconversation.samples.chatsse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps the store drivers the app carries (Redis, PostgreSQL) idle unless they are used:
 * Boot's Redis auto-configuration (connection factory, health check) only with
 * {@code chat.store.type=redis}, and its {@code DataSource} only when
 * {@code spring.datasource.url} is set. So the default app, on its file store, starts and
 * reports healthy offline, and choosing another store is a property (with the server's
 * Spring settings), not a rebuild.
 */
public class StoreEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source this adds. */
	public static final String PROPERTY_SOURCE_NAME = "chatSseStore";

	private static final String EXCLUDE = "spring.autoconfigure.exclude";

	private static final List<String> REDIS = List.of(
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration");

	private static final List<String> JDBC = List.of(
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration");

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		List<String> excluded = new ArrayList<>(binder.bind(EXCLUDE, Bindable.listOf(String.class)).orElse(List.of()));
		int given = excluded.size();
		if (!"redis".equalsIgnoreCase(environment.getProperty("chat.store.type", "memory").strip())) {
			excluded.addAll(REDIS);
		}
		if (!environment.containsProperty("spring.datasource.url")) {
			excluded.addAll(JDBC);
		}
		if (excluded.size() > given) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(EXCLUDE, String.join(",", excluded))));
		}
	}

}
