package io.loanofficer.gateway.chat;

import io.loanofficer.gateway.GatewayProperties;
import io.loanofficer.gateway.limits.LimitRecorder;
import io.loanofficer.gateway.limits.OriginPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** /ws/chat: the handler behind the origin policy. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class ChatEndpointConfiguration implements WebSocketConfigurer {

  private final GatewayProperties properties;
  private final ChatSocketHandler handler;
  private final LimitRecorder limits;

  public ChatEndpointConfiguration(GatewayProperties properties, ChatSocketHandler handler, LimitRecorder limits) {
    this.properties = properties;
    this.handler = handler;
    this.limits = limits;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    String[] origins = properties.allowedOrigins().toArray(String[]::new);
    // Ours runs first and records refusals; Spring's own origin check (always added last) agrees with it.
    registry.addHandler(handler, "/ws/chat")
        .addInterceptors(new OriginPolicy(properties.allowedOrigins(), limits))
        .setAllowedOrigins(origins);
  }

  /** The container rejects frames above this with close code 1009; ours are answered with TOO_LARGE below it. */
  @Bean
  ServletServerContainerFactoryBean webSocketContainer() {
    ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
    container.setMaxTextMessageBufferSize(properties.maxFrameBytes() * 4);
    return container;
  }
}
