package io.github.imds.test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Frames responses as EC2 does: {@code Server: EC2ws}, {@code Date},
 * {@code Content-Length} instead of chunked encoding, {@code text/plain} for metadata,
 * {@code application/octet-stream} for user data, an HTML page for errors
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html),
 * and none of the headers WireMock adds ({@code Matched-Stub-Id}).
 */
final class Ec2Framing implements ResponseTransformerV2 {

	private static final String[] DAYS = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

	private static final String[] MONTHS = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
			"Nov", "Dec" };

	private final Clock clock;

	Ec2Framing(Clock clock) {
		this.clock = clock;
	}

	@Override
	public String getName() {
		return "imds-simulator-framing";
	}

	@Override
	public boolean applyGlobally() {
		return true;
	}

	@Override
	public Response transform(Response response, ServeEvent serveEvent) {
		HttpHeaders headers = new HttpHeaders();
		for (HttpHeader header : response.getHeaders().all()) {
			if (!header.keyEquals("Matched-Stub-Id") && !header.keyEquals("Matched-Stub-Name")) {
				headers = headers.plus(header);
			}
		}
		headers = headers.plus(new HttpHeader("Date", httpDate(this.clock.instant())),
				new HttpHeader("Server", "EC2ws"));
		if (response.getFault() == null && response.getChunkedDribbleDelay() == null) {
			headers = headers.plus(new HttpHeader("Content-Length", Integer.toString(response.getBody().length)));
		}
		return Response.Builder.like(response).but().headers(headers).build();
	}

	/**
	 * An RFC 9110 date, {@code Tue, 01 Dec 2026 20:00:00 GMT}. Written by hand: a
	 * {@code DateTimeFormatter} with day and month names loads locale data on first use,
	 * which delays the first response of a cold simulator beyond a client's timeout.
	 */
	static String httpDate(Instant instant) {
		ZonedDateTime time = instant.atZone(ZoneOffset.UTC);
		StringBuilder date = new StringBuilder(29).append(DAYS[time.getDayOfWeek().getValue() - 1]).append(", ");
		twoDigits(date, time.getDayOfMonth()).append(' ').append(MONTHS[time.getMonthValue() - 1]).append(' ');
		date.append(time.getYear()).append(' ');
		twoDigits(date, time.getHour()).append(':');
		twoDigits(date, time.getMinute()).append(':');
		return twoDigits(date, time.getSecond()).append(" GMT").toString();
	}

	private static StringBuilder twoDigits(StringBuilder out, int value) {
		return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
	}

	static ResponseDefinitionBuilder ok(byte[] body, String contentType, Instant lastModified) {
		return ResponseDefinitionBuilder.responseDefinition()
			.withStatus(200)
			.withHeader("Content-Type", contentType)
			.withHeader("Last-Modified", httpDate(lastModified))
			.withBody(body);
	}

	/**
	 * An error page like EC2's, such as {@code 404 - Not Found}.
	 */
	static ResponseDefinitionBuilder error(int status) {
		String title = status + " - " + reason(status);
		String page = """
				<?xml version="1.0" encoding="iso-8859-1"?>
				<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
				\t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
				<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
				 <head>
				  <title>%s</title>
				 </head>
				 <body>
				  <h1>%s</h1>
				 </body>
				</html>
				""".formatted(title, title);
		return ResponseDefinitionBuilder.responseDefinition()
			.withStatus(status)
			.withHeader("Content-Type", "text/html")
			.withBody(page.getBytes(StandardCharsets.ISO_8859_1));
	}

	private static String reason(int status) {
		return switch (status) {
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 405 -> "Method Not Allowed";
			case 429 -> "Too Many Requests";
			case 500 -> "Internal Server Error";
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			case 504 -> "Gateway Timeout";
			default -> "Error";
		};
	}

}
