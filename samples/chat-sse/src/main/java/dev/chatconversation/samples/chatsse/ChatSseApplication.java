package dev.chatconversation.samples.chatsse;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A chat app that streams replies to the browser over server-sent events. Without
 * {@code chat.base-url} it talks to an offline demo model it serves itself.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ChatSseApplication {

	public static void main(String[] args) {
		SpringApplication.run(ChatSseApplication.class, args);
	}

}
