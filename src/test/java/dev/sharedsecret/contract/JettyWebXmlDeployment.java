package dev.sharedsecret.contract;

import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;

/**
 * Jetty 12 (ee10) {@link WebAppContext} deploying a web application directory: the filters come
 * from its {@code WEB-INF/web.xml} and read the real environment.
 */
final class JettyWebXmlDeployment {
    private JettyWebXmlDeployment() {}

    /** Deploys {@code src/test/webapp}, the contract's web application. */
    static Deployment start() throws Exception {
        return start(ContractFixture.webappDirectory(), ContractFixture.CONTEXT_PATH);
    }

    /** Deploys {@code webappDirectory} at {@code contextPath}; a deployment error is thrown, not logged. */
    static Deployment start(Path webappDirectory, String contextPath) throws Exception {
        return JettyDeployment.start(webapp(webappDirectory, contextPath), "Jetty WebAppContext, filters declared in web.xml");
    }

    /** The context deploying {@code webappDirectory} at {@code contextPath}, not yet started. */
    static WebAppContext webapp(Path webappDirectory, String contextPath) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(contextPath);
        webapp.setBaseResourceAsPath(webappDirectory);
        // A deployment error must fail the test run, not leave a server answering 503.
        webapp.setThrowUnavailableOnStartupException(true);
        return webapp;
    }
}
