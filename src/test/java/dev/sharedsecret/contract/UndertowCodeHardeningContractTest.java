package dev.sharedsecret.contract;

import java.nio.file.Path;

/**
 * The hardening contract against Undertow 2.3, the gate registered with Undertow's
 * {@code DeploymentInfo} (no web.xml: see {@link UndertowDeployment}).
 */
class UndertowCodeHardeningContractTest extends HardeningContract {
    @Override
    Deployment startGate(Path secretFile) throws Exception {
        return UndertowDeployment.hardening(HardeningFixture.gateFilter(secretFile));
    }

    @Override
    Deployment startWithoutUsableSecret(Path missingFile) throws Exception {
        return UndertowDeployment.hardening(HardeningFixture.failingFilter(missingFile));
    }

    @Override
    String envVariable() {
        return HardeningFixture.CODE_ENV;
    }
}
