package dev.chatconversation.benchmarks.endpoint.passthrough;

import dev.chatconversation.benchmarks.endpoint.meters.AppMeters;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The floor of S5: plain WebFlux and Boot's {@code WebClient.Builder}, with
 * {@link RelayEndpoint}; the benchmark starts it with the library's auto-configurations
 * excluded.
 */
@SpringBootApplication
@Import(AppMeters.class)
public class PassThroughApplication {

	public static void main(String[] args) {
		SpringApplication.run(PassThroughApplication.class, args);
	}

}
