package dev.sharedsecret;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A response for {@link FilterBenchmark} that keeps the status and discards headers and body, so
 * that it can serve every invocation without growing.
 */
final class BenchResponse extends HttpServletResponseWrapper {
    private static final ServletOutputStream DISCARD = new ServletOutputStream() {
        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] bytes, int offset, int length) {}

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException();
        }
    };

    private int status = SC_OK;

    BenchResponse() {
        super(new FakeHttpResponse());
    }

    int status() {
        return status;
    }

    @Override
    public void setStatus(int status) {
        this.status = status;
    }

    @Override
    public void setContentType(String type) {}

    @Override
    public void setHeader(String name, String value) {}

    @Override
    public void setContentLength(int length) {}

    @Override
    public ServletOutputStream getOutputStream() {
        return DISCARD;
    }
}
