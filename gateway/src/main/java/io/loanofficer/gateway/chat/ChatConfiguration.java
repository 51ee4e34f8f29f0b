package io.loanofficer.gateway.chat;

import io.loanofficer.gateway.GatewayProperties;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class ChatConfiguration implements WebSocketConfigurer {

  private final GatewayProperties properties;
  private final ChatSocketHandler handler;

  public ChatConfiguration(GatewayProperties properties, KafkaTemplate<String, SpecificRecord> kafka, ObjectMapper json) {
    this.properties = properties;
    ChatSessions sessions = new ChatSessions();
    Frames frames = new Frames(json);
    this.sessions = sessions;
    this.frames = frames;
    this.handler = new ChatSocketHandler(new TurnPublisher(kafka, Clock.systemUTC(), properties.instanceId()),
        sessions, frames, properties);
  }

  private final ChatSessions sessions;
  private final Frames frames;

  @Bean
  ReplyListener replyListener() {
    return new ReplyListener(sessions, frames);
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(handler, "/ws/chat")
        .setAllowedOrigins(properties.allowedOrigins().toArray(String[]::new));
  }

  /** The container rejects frames above this with close code 1009; ours are answered with TOO_LARGE below it. */
  @Bean
  ServletServerContainerFactoryBean webSocketContainer() {
    ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
    container.setMaxTextMessageBufferSize(properties.maxFrameBytes() * 4);
    return container;
  }

}
