package com.example.consumer;

import dev.sharedsecret.SharedSecretFilter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class ConsumerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsumerApplication.class, args);
    }

    // readme:spring-boot
    @Bean
    FilterRegistrationBean<SharedSecretFilter> sharedSecretFilter(Environment environment) {
        var registration = new FilterRegistrationBean<>(SharedSecretFilter.builder()
                .environment(environment::getProperty)
                .secretEnv("shared-secret.current", "shared-secret.previous")
                .excludePaths("/health")
                .build());
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
    // end:spring-boot

    @GetMapping("/protected")
    String hello() {
        return "hello";
    }

    @GetMapping("/health")
    String health() {
        return "up";
    }
}
