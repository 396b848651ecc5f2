package dev.chatconversation.samples.chatsse;

import java.net.URI;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a refusal as an RFC 9457 {@code application/problem+json} body from a
 * {@code WebFilter}, before any controller runs, through the application's codecs, so it
 * reads exactly as the ones {@link ApiErrorHandler} returns.
 */
@Component
final class ProblemResponses {

	private final ServerResponse.Context context;

	ProblemResponses(ServerCodecConfigurer codecs) {
		List<HttpMessageWriter<?>> writers = codecs.getWriters();
		this.context = new ServerResponse.Context() {

			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return writers;
			}

			@Override
			public List<ViewResolver> viewResolvers() {
				return List.of();
			}

		};
	}

	/**
	 * Writes the refusal.
	 * @param exchange the refused exchange
	 * @param status its status
	 * @param detail what was wrong, in plain words
	 * @param headers headers to add, such as {@code Retry-After}
	 * @return completes once written
	 */
	Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail, HttpHeaders headers) {
		return ServerResponse.status(status)
			.headers((all) -> all.addAll(headers))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(problem(status, detail, exchange))
			.flatMap((response) -> response.writeTo(exchange, this.context));
	}

	/**
	 * The body of a refusal, the same from a filter and from a controller.
	 * @param status the status
	 * @param detail what was wrong, in plain words
	 * @param exchange the refused exchange, whose path becomes the {@code instance}
	 * @return the body
	 */
	static ProblemDetail problem(HttpStatus status, String detail, ServerWebExchange exchange) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(exchange.getRequest().getPath().pathWithinApplication().value()));
		return problem;
	}

}
