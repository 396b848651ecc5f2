package dev.chatconversation.autoconfigure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The error answers of a Spring MVC application (Tomcat).
 */
@SpringBootTest(classes = ChatWebErrorsTestCases.ChatApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", ChatWebErrorsTestCases.PROPERTIES_MODEL,
				ChatWebErrorsTestCases.PROPERTIES_KEY, ChatWebErrorsTestCases.PROPERTIES_RETRY,
				ChatWebErrorsTestCases.PROPERTIES_DOWN, ChatWebErrorsTestCases.PROPERTIES_SLOW,
				"spring.reactor.netty.shutdown-quiet-period=0s" })
class ChatWebMvcErrorsTests extends ChatWebErrorsTestCases {

}
