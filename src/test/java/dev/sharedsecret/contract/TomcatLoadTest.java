package dev.sharedsecret.contract;

import java.nio.file.Path;

/** The load contract against embedded Tomcat 11, the gate registered in code through {@code ServletContext.addFilter}. */
class TomcatLoadTest extends LoadContract {
    @Override
    Deployment startGate(Path secretFile) throws Exception {
        return HardeningDeployments.tomcatCode(HardeningFixture.gateFilter(secretFile));
    }
}
