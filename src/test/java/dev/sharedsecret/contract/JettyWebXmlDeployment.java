package dev.sharedsecret.contract;

import org.eclipse.jetty.ee10.webapp.WebAppContext;

/**
 * Jetty 12 (ee10) {@link WebAppContext} deploying {@code src/test/webapp}: the filters come from
 * {@code WEB-INF/web.xml} and read the real environment.
 */
final class JettyWebXmlDeployment {
    private JettyWebXmlDeployment() {}

    static Deployment start() throws Exception {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(ContractFixture.CONTEXT_PATH);
        webapp.setBaseResourceAsPath(ContractFixture.webappDirectory());
        // A deployment error must fail the test run, not leave a server answering 503.
        webapp.setThrowUnavailableOnStartupException(true);
        return JettyDeployment.start(webapp, "Jetty WebAppContext, filters declared in web.xml");
    }
}
