package dev.chatconversation.tool;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.chatconversation.client.model.FunctionDefinition;
import dev.chatconversation.client.model.Tool;
import dev.chatconversation.message.FunctionCall;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.structured.JsonSchemas;
import dev.chatconversation.structured.StrictJson;
import dev.chatconversation.structured.StructuredOutputException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A function the model may call, with the Java code that answers it.
 *
 * <p>
 * Typed tools take a record (or class) of arguments: the JSON schema sent to the model is
 * generated from it in strict form (see {@link JsonSchemas}) and sent with
 * {@code strict: true}, and the model's arguments are read strictly into it (see
 * {@link StrictJson}); arguments that do not match fail with a
 * {@link ToolArgumentsException} and the tool is not run. Raw tools take a JSON schema
 * and receive the arguments as a JSON object.
 *
 * <pre class="code">
 * record WeatherQuery(String city, &#64;Nullable String country) {}
 * ChatTool weather = ChatTool.of("get_weather", "The current weather in a city",
 * 		WeatherQuery.class, (query) -&gt; weatherService.current(query.city()));
 * </pre>
 *
 * <p>
 * A handler may block: it runs on Reactor's bounded elastic scheduler. What it returns is
 * sent to the model as text: a string as it is, {@code null} as {@code null}, anything
 * else as JSON. What it throws is sent as {@code {"error": "<message>"}}, so the model
 * can react, and does not fail the turn. Instances are immutable and thread-safe.
 */
public final class ChatTool {

	private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

	private final FunctionDefinition definition;

	private final Function<String, Object> reader;

	private final Invoker invoker;

	private ChatTool(FunctionDefinition definition, Function<String, Object> reader, Invoker invoker) {
		if (!NAME.matcher(definition.name()).matches()) {
			throw new IllegalArgumentException(
					"A tool name must be 1 to 64 letters, digits, '_' or '-', but was '" + definition.name() + "'");
		}
		this.definition = definition;
		this.reader = reader;
		this.invoker = invoker;
	}

	/**
	 * A tool whose arguments are a Java type, with a strict schema generated from it.
	 * @param <T> the arguments type
	 * @param name the function name: 1 to 64 letters, digits, {@code _} or {@code -}
	 * @param description what the tool does, for the model
	 * @param argumentsType the arguments type, usually a record
	 * @param handler the code that answers a call
	 * @return the tool
	 * @throws IllegalArgumentException if the name is invalid or the type has no strict
	 * schema
	 */
	public static <T> ChatTool of(String name, @Nullable String description, Class<T> argumentsType,
			Function<? super T, ?> handler) {
		Objects.requireNonNull(handler, "handler");
		FunctionDefinition definition = new FunctionDefinition(name, description, JsonSchemas.strict(argumentsType),
				true);
		return new ChatTool(definition, (json) -> StrictJson.read(json, argumentsType),
				(arguments) -> handler.apply(argumentsType.cast(arguments)));
	}

	/**
	 * A tool with a hand-written JSON schema, sent without {@code strict}; the handler
	 * receives the arguments as a JSON object.
	 * @param name the function name
	 * @param description what the tool does, for the model
	 * @param parameters the JSON schema of the arguments object
	 * @param handler the code that answers a call
	 * @return the tool
	 */
	public static ChatTool raw(String name, @Nullable String description, JsonNode parameters,
			Function<? super JsonNode, ?> handler) {
		return raw(new FunctionDefinition(name, description, Objects.requireNonNull(parameters, "parameters"), null),
				handler);
	}

	/**
	 * A tool with a complete function definition (for instance with {@code strict: true}
	 * on a hand-written strict schema); the handler receives the arguments as a JSON
	 * object, which is the only check made on them.
	 * @param definition the function definition sent to the model
	 * @param handler the code that answers a call
	 * @return the tool
	 */
	public static ChatTool raw(FunctionDefinition definition, Function<? super JsonNode, ?> handler) {
		Objects.requireNonNull(handler, "handler");
		return new ChatTool(definition, StrictJson::readObject, (arguments) -> handler.apply((JsonNode) arguments));
	}

	/**
	 * A tool that calls a method: one without parameters, or one whose single parameter
	 * is the arguments type (usually a record). The tool is named after the method.
	 * @param target the object whose method is called
	 * @param methodName the name of the method, which must be unique on the target's
	 * class
	 * @param description what the tool does, for the model
	 * @return the tool
	 * @throws IllegalArgumentException if there is not exactly one such method, or it has
	 * more than one parameter
	 */
	public static ChatTool fromMethod(Object target, String methodName, @Nullable String description) {
		Method method = findMethod(target.getClass(), methodName);
		method.trySetAccessible();
		Class<?> argumentsType = (method.getParameterCount() == 1) ? method.getParameterTypes()[0] : NoArguments.class;
		FunctionDefinition definition = new FunctionDefinition(method.getName(), description,
				JsonSchemas.strict(argumentsType), true);
		return new ChatTool(definition, (json) -> StrictJson.read(json, argumentsType),
				(arguments) -> invoke(method, target, arguments));
	}

	/**
	 * A tool that calls a method with any number of parameters: the schema is one strict
	 * object whose properties are the parameters (see
	 * {@link JsonSchemas#strictParameters(Method)}), and the model's arguments are read
	 * strictly into them (see {@link StrictJson#readParameters(String, Method)}).
	 * @param target the object the method is called on (for instance a proxy, with a
	 * method it exposes)
	 * @param method the method, public or made accessible
	 * @param name the function name
	 * @param description what the tool does, for the model
	 * @return the tool
	 * @throws IllegalArgumentException if the name is invalid or a parameter has no
	 * strict schema
	 */
	public static ChatTool fromMethod(Object target, Method method, String name, @Nullable String description) {
		Objects.requireNonNull(target, "target");
		FunctionDefinition definition = new FunctionDefinition(name, description, JsonSchemas.strictParameters(method),
				true);
		return new ChatTool(definition, (json) -> StrictJson.readParameters(json, method),
				(arguments) -> invokeWith(method, target, (Object[]) arguments));
	}

	/**
	 * The function name.
	 * @return the name
	 */
	public String name() {
		return this.definition.name();
	}

	/**
	 * What the tool does.
	 * @return the description, or {@code null}
	 */
	public @Nullable String description() {
		return this.definition.description();
	}

	/**
	 * The function definition: name, description, parameters schema and strict flag.
	 * @return the definition
	 */
	public FunctionDefinition definition() {
		return this.definition;
	}

	/**
	 * The tool as a request's {@code tools} entry.
	 * @return the tool
	 */
	public Tool tool() {
		return Tool.function(this.definition);
	}

	/**
	 * Answers one call, for callers that run tools themselves (manual execution).
	 *
	 * <p>
	 * The arguments are read on subscription; the tool then runs on a bounded elastic
	 * thread. Cancelling stops waiting for the tool.
	 * @param call the call the model made
	 * @return the result; a failure of the tool is an error result, not an error signal
	 * @throws ToolArgumentsException (in the {@code Mono}) if the arguments do not match
	 * the parameters
	 * @throws IllegalArgumentException (in the {@code Mono}) if the call names another
	 * tool
	 */
	public Mono<ToolResult> call(ToolCall call) {
		return Mono.defer(() -> prepare(call).run());
	}

	PreparedCall prepare(ToolCall call) {
		FunctionCall function = Objects.requireNonNull(call.function(), "A function tool call needs a function");
		if (!function.name().equals(name())) {
			throw new IllegalArgumentException(
					"The call is for tool '" + function.name() + "', not for '" + name() + "'");
		}
		try {
			return PreparedCall.of(call, this.invoker, this.reader.apply(function.arguments()));
		}
		catch (StructuredOutputException ex) {
			throw new ToolArgumentsException(name(), call.id(), function.arguments(), ex);
		}
	}

	private static Method findMethod(Class<?> type, String methodName) {
		List<Method> found = new ArrayList<>();
		for (Method method : type.getMethods()) {
			if (method.getName().equals(methodName) && !Modifier.isStatic(method.getModifiers())) {
				found.add(method);
			}
		}
		for (Method method : type.getDeclaredMethods()) {
			if (method.getName().equals(methodName) && !found.contains(method)
					&& !Modifier.isStatic(method.getModifiers())) {
				found.add(method);
			}
		}
		if (found.size() != 1 || found.get(0).getParameterCount() > 1) {
			throw new IllegalArgumentException("Expected exactly one method named '" + methodName + "' with at most "
					+ "one parameter on " + type.getName() + ", found " + found);
		}
		return found.get(0);
	}

	private static @Nullable Object invoke(Method method, Object target, Object arguments) throws Exception {
		return invokeWith(method, target,
				(method.getParameterCount() == 1) ? new Object[] { arguments } : new Object[0]);
	}

	private static @Nullable Object invokeWith(Method method, Object target, @Nullable Object[] arguments)
			throws Exception {
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof Exception cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * Runs a tool on arguments already read.
	 */
	@FunctionalInterface
	interface Invoker {

		@Nullable Object invoke(Object arguments) throws Exception;

	}

	/** The arguments of a tool that takes none: an empty object. */
	private record NoArguments() {

	}

}
