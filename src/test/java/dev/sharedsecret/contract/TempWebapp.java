package dev.sharedsecret.contract;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Deploys a web application written into a temporary directory (a template of {@code src/test}
 * with a placeholder filled in), which is deleted when the deployment closes or fails to start.
 */
final class TempWebapp {
    private TempWebapp() {}

    /** Writes a web application into an empty directory. */
    @FunctionalInterface
    interface Writer {
        void write(Path target) throws IOException;
    }

    /** Writes the application with {@code writer} and deploys it at {@code contextPath} on {@code container}. */
    static Deployment deploy(Container container, String contextPath, Writer writer) throws Exception {
        Path webapp = Files.createTempDirectory("ssf-webapp-");
        Deployment deployment;
        try {
            writer.write(webapp);
            deployment = container.deployWebXml(webapp, contextPath);
        } catch (Exception | Error e) {
            TempFiles.deleteRecursively(webapp);
            throw e;
        }
        return deletingOnClose(deployment, webapp);
    }

    /** {@code deployment}, which deletes the temporary {@code directory} once it has closed. */
    private static Deployment deletingOnClose(Deployment deployment, Path directory) {
        return new Deployment() {
            @Override
            public int port() {
                return deployment.port();
            }

            @Override
            public String contextPath() {
                return deployment.contextPath();
            }

            @Override
            public ServletContext servletContext() {
                return deployment.servletContext();
            }

            @Override
            public void close() {
                try {
                    deployment.close();
                } finally {
                    TempFiles.deleteRecursively(directory);
                }
            }

            @Override
            public String toString() {
                return deployment.toString();
            }
        };
    }
}
