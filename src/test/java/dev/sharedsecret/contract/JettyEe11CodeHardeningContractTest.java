package dev.sharedsecret.contract;

import java.nio.file.Path;

/**
 * The hardening contract against Jetty 12 ee11 {@code ServletContextHandler}, the gate registered in
 * code.
 */
class JettyEe11CodeHardeningContractTest extends HardeningContract {
    @Override
    Deployment startGate(Path secretFile) throws Exception {
        return JettyEe11Deployments.hardeningCode(HardeningFixture.gateFilter(secretFile));
    }

    @Override
    Deployment startWithoutUsableSecret(Path missingFile) throws Exception {
        return JettyEe11Deployments.hardeningCode(HardeningFixture.failingFilter(missingFile));
    }

    @Override
    String envVariable() {
        return HardeningFixture.CODE_ENV;
    }
}
