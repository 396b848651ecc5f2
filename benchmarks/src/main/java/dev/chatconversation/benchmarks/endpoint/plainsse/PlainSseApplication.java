package dev.chatconversation.benchmarks.endpoint.plainsse;

import dev.chatconversation.benchmarks.endpoint.meters.AppMeters;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * Plain WebFlux and Boot's {@code WebClient.Builder}, with {@link PlainSseEndpoint}; run
 * with the library's auto-configurations excluded.
 */
@SpringBootApplication
@Import(AppMeters.class)
public class PlainSseApplication {

	public static void main(String[] args) {
		SpringApplication.run(PlainSseApplication.class, args);
	}

}
