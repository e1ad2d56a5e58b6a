package dev.sharedsecret.contract;

import java.nio.file.Path;

/** The hardening contract against Jetty 12 {@code ServletContextHandler}, the gate registered in code with the builder. */
class JettyCodeHardeningContractTest extends HardeningContract {
    @Override
    Deployment startGate(Path secretFile) throws Exception {
        return HardeningDeployments.jettyCode(HardeningFixture.gateFilter(secretFile));
    }

    @Override
    Deployment startWithoutUsableSecret(Path missingFile) throws Exception {
        return HardeningDeployments.jettyCode(HardeningFixture.failingFilter(missingFile));
    }

    @Override
    String envVariable() {
        return HardeningFixture.CODE_ENV;
    }
}
