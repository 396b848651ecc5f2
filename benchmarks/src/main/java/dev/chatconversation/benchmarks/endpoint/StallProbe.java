package dev.chatconversation.benchmarks.endpoint;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import dev.chatconversation.client.ApiTimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * Issue 18's probe, on with {@code -Dstall.probe=true}: when a reply fails with a stall
 * (the library's stream-idle timeout, or what an endpoint without it counts as one),
 * prints the state of every subscriber downstream of the endpoint's {@code Flux}
 * (WebFlux's SSE writer, its write barrier, Reactor Netty's send operators), read by
 * reflection before the failure reaches them, so that a reply whose demand was lost shows
 * which of them stopped asking.
 */
public final class StallProbe {

	/** Whether the probe is on ({@code -Dstall.probe=true}). */
	public static final boolean ENABLED = Boolean.getBoolean("stall.probe");

	private StallProbe() {
	}

	/**
	 * Watches the library's endpoint: prints on a stream-idle timeout.
	 * @param <T> the event type
	 * @param events the endpoint's events
	 * @return the same events, watched
	 */
	public static <T> Flux<T> watch(Flux<T> events) {
		return watch(events, (failure) -> failure instanceof ApiTimeoutException timeout
				&& timeout.kind() == ApiTimeoutException.Kind.STREAM_IDLE);
	}

	/**
	 * Watches an endpoint: prints when it fails with a stall.
	 * @param <T> the event type
	 * @param events the endpoint's events
	 * @param stall which failures are stalls
	 * @return the same events, watched
	 */
	public static <T> Flux<T> watch(Flux<T> events, Predicate<Throwable> stall) {
		AtomicReference<@Nullable Object> downstream = new AtomicReference<>();
		return events.doOnError((failure) -> {
			if (stall.test(failure)) {
				Object first = downstream.get();
				System.out.println("STALL PROBE: " + failure.getMessage() + "\n  downstream: "
						+ ((first != null) ? first.getClass().getName() : "none") + "\n" + describe(first));
			}
		}).transform(Operators.<T, T>lift((scannable, subscriber) -> {
			downstream.set(subscriber);
			return subscriber;
		}));
	}

	private static String describe(@Nullable Object first) {
		StringBuilder text = new StringBuilder();
		Map<Object, Boolean> seen = new IdentityHashMap<>();
		Object current = first;
		for (int depth = 0; current != null && depth < 40 && seen.put(current, true) == null; depth++) {
			text.append("  ").append(current.getClass().getName()).append(fields(current)).append('\n');
			Object inner = field(current, "inner");
			if (inner != null && seen.put(inner, true) == null) {
				text.append("    inner ").append(inner.getClass().getName()).append(fields(inner)).append('\n');
				// what the inner subscribed to: concatWith's subscriber and its current
				// source, down to the source's own subscription
				Object upstream = field(inner, "subscription");
				for (int level = 0; upstream != null && level < 8 && seen.put(upstream, true) == null; level++) {
					text.append("      upstream ")
						.append(upstream.getClass().getName())
						.append(fields(upstream))
						.append('\n');
					Object next = field(upstream, "s");
					upstream = (next != null) ? next : field(upstream, "subscription");
				}
			}
			Object next = field(current, "actual");
			if (next == null) {
				next = field(current, "writeSubscriber");
			}
			current = next;
		}
		return text.toString();
	}

	private static String fields(Object target) {
		StringBuilder text = new StringBuilder(" {");
		for (Class<?> type = target.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers())) {
					continue;
				}
				Object value = read(target, field);
				String shown = shown(field, value);
				if (shown != null) {
					text.append(field.getName()).append('=').append(shown).append(", ");
				}
			}
		}
		return text.append('}').toString();
	}

	private static @Nullable String shown(Field field, @Nullable Object value) {
		Class<?> type = field.getType();
		if (type.isPrimitive() || type.isEnum() || value instanceof Boolean || value instanceof Number) {
			return String.valueOf(value);
		}
		// named links first: a scalar subscription is also a queue
		if (field.getName().equals("s") || field.getName().equals("subscription") || field.getName().equals("upstream")
				|| field.getName().equals("item") || field.getName().equals("terminalSignal")) {
			return (value != null) ? value.getClass().getSimpleName() : "null";
		}
		if (value instanceof Queue<?> queue) {
			return "queue(" + queue.size() + ")";
		}
		if (value instanceof Collection<?> collection) {
			return "collection(" + collection.size() + ")";
		}
		return null;
	}

	private static @Nullable Object field(Object target, String name) {
		for (Class<?> type = target.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			try {
				Field field = type.getDeclaredField(name);
				return read(target, field);
			}
			catch (NoSuchFieldException ex) {
				// look in the superclass
			}
		}
		return null;
	}

	private static @Nullable Object read(Object target, Field field) {
		try {
			field.setAccessible(true);
			return field.get(target);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return "unreadable";
		}
	}

}
