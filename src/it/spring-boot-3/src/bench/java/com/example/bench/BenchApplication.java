package com.example.bench;

import com.example.consumer.ConsumerApplication;
import dev.sharedsecret.SharedSecretFilter;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * The consumer application in one of three variants, for bench.sh (a benchmark, not a test):
 * {@code --bench.variant=none} (no check at all), {@code filter} (the application as shipped, with
 * the README's {@code FilterRegistrationBean}) or {@code security} (no {@code SharedSecretFilter};
 * {@link ApiKeySecurity}, the usual Spring Security recipe, instead). All three run from the same
 * jar, with Spring Security on the class path; its auto-configuration is excluded unless the
 * variant is {@code security}. When ready, prints one line naming the variant, the port and the
 * Servlet filters actually registered.
 */
public final class BenchApplication {

    private BenchApplication() {
    }

    public static void main(String[] args) {
        String variant = new SimpleCommandLinePropertySource(args).getProperty("bench.variant");
        if (!List.of("none", "filter", "security").contains(String.valueOf(variant))) {
            throw new IllegalArgumentException(
                    "Argument [--bench.variant] must be [none], [filter] or [security] but was [" + variant + "]");
        }
        var application = variant.equals("security")
                ? new SpringApplication(ConsumerApplication.class, ApiKeySecurity.class)
                : new SpringApplication(ConsumerApplication.class);
        // The security variant needs no user store: this keeps Boot from making one (and logging its
        // generated password); no request reaches it either way.
        String excluded = UserDetailsServiceAutoConfiguration.class.getName();
        if (!variant.equals("security")) {
            excluded += "," + SecurityAutoConfiguration.class.getName()
                    + "," + SecurityFilterAutoConfiguration.class.getName();
        }
        application.setDefaultProperties(Map.of("spring.autoconfigure.exclude", excluded));
        if (!variant.equals("filter")) {
            application.addInitializers(context -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                @Override
                public Object postProcessBeforeInitialization(Object bean, String beanName) {
                    if (bean instanceof FilterRegistrationBean<?> registration
                            && registration.getFilter() instanceof SharedSecretFilter) {
                        registration.setEnabled(false);
                    }
                    return bean;
                }
            }));
        }
        application.addListeners(event -> {
            if (event instanceof ApplicationReadyEvent ready) {
                var context = (ServletWebServerApplicationContext) ready.getApplicationContext();
                System.out.println("bench: ready variant=" + variant
                        + " port=" + context.getWebServer().getPort()
                        + " filters=" + new TreeSet<>(context.getServletContext().getFilterRegistrations().keySet()));
            }
        });
        application.run(args);
    }
}
