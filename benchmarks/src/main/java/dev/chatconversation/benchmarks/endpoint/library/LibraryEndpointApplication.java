package dev.chatconversation.benchmarks.endpoint.library;

import dev.chatconversation.benchmarks.endpoint.meters.AppMeters;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The app under test of S5: the starter's auto-configuration and {@link ChatEndpoint}.
 */
@SpringBootApplication
@Import(AppMeters.class)
public class LibraryEndpointApplication {

	public static void main(String[] args) {
		SpringApplication.run(LibraryEndpointApplication.class, args);
	}

}
