package dev.chatconversation.tool;

import dev.chatconversation.message.ToolCall;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A tool call whose arguments have been read and checked, ready to run; or a call that
 * can only be answered with an error (no such tool).
 */
final class PreparedCall {

	private final ToolCall call;

	private final ChatTool.@Nullable Invoker invoker;

	private final @Nullable Object arguments;

	private final String error;

	private PreparedCall(ToolCall call, ChatTool.@Nullable Invoker invoker, @Nullable Object arguments, String error) {
		this.call = call;
		this.invoker = invoker;
		this.arguments = arguments;
		this.error = error;
	}

	static PreparedCall of(ToolCall call, ChatTool.Invoker invoker, Object arguments) {
		return new PreparedCall(call, invoker, arguments, "");
	}

	static PreparedCall failing(ToolCall call, String error) {
		return new PreparedCall(call, null, null, error);
	}

	/**
	 * Runs the tool on a bounded elastic thread (tools may block); what it throws becomes
	 * an error result.
	 */
	Mono<ToolResult> run() {
		ChatTool.Invoker invoker = this.invoker;
		Object arguments = this.arguments;
		if (invoker == null || arguments == null) {
			return Mono.just(new ToolResult(this.call, ToolOutputs.error(this.error), true));
		}
		return Mono.fromCallable(() -> ToolOutputs.text(invoker.invoke(arguments)))
			.subscribeOn(Schedulers.boundedElastic())
			.map((text) -> new ToolResult(this.call, text, false))
			.onErrorResume((failure) -> Mono
				.just(new ToolResult(this.call, ToolOutputs.error(ToolOutputs.describe(failure)), true)));
	}

}
