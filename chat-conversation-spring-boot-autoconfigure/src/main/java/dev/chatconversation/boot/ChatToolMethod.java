package dev.chatconversation.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as a tool the model may call; the starter collects
 * these methods into the {@link ChatToolRegistry}.
 *
 * <p>
 * The tool's arguments are the method's parameters: one strict JSON object whose
 * properties are named after the parameters (the starter's build compiles with
 * {@code javac -parameters}; {@code @JsonProperty} renames one), described by
 * {@code @JsonPropertyDescription} on the parameter, and nullable when the parameter is
 * {@code @Nullable} or an {@code Optional}. A single record parameter is one property
 * like any other. What the method returns is sent to the model as text: a string as it
 * is, anything else as JSON; what it throws is sent as {@code {"error": "<message>"}}.
 *
 * <p>
 * The method is called through the bean (so through its proxy, with its transactions or
 * security) on Reactor's bounded elastic scheduler, never on an event-loop thread, so it
 * may block. It must return its value itself: a method returning a {@code Publisher} or a
 * future fails start-up.
 *
 * <pre class="code">
 * &#64;Component
 * class Clock {
 *
 * 	&#64;ChatToolMethod(description = "The current time in a time zone")
 * 	String currentTime(&#64;JsonPropertyDescription("An IANA zone, e.g. Europe/Paris") String zone) {
 * 		return ZonedDateTime.now(ZoneId.of(zone)).toString();
 * 	}
 *
 * }
 * </pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ChatToolMethod {

	/**
	 * The function name the model sees: 1 to 64 letters, digits, {@code _} or {@code -},
	 * unique in the application.
	 * @return the name, or empty for the method's name
	 */
	String name() default "";

	/**
	 * What the tool does, for the model.
	 * @return the description, or empty for none
	 */
	String description() default "";

}
