package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.runnel.common.time.Time;
import io.runnel.protocol.ApiKeys;
import io.runnel.protocol.ApiMessage;
import io.runnel.protocol.Errors;
import io.runnel.protocol.MessageDecodeException;
import io.runnel.protocol.UnsupportedVersionException;
import io.runnel.protocol.message.ProduceRequestData;
import io.runnel.protocol.message.RequestHeaderData;
import io.runnel.protocol.message.ResponseHeaderData;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Kafka protocol on one connection: decodes each frame's header and body, hands the request to the
 * API's handler, and writes responses strictly in request order, whatever order the handlers finish in. Produce
 * with acks=0 gets no response.
 *
 * <p>Back-pressure ({@code queued.max.requests}): a request is <em>queued</em> from the moment it is handed to its
 * handler until its response is handed to the socket (for acks=0 Produce: until its handler is done). At most
 * {@code maxInFlight} are queued per connection: when the queue is full, or the socket's outbound buffer is above its
 * high-water mark (a client that does not read its responses), the connection stops reading (autoRead off), and
 * frames already read are held back undispatched; reading resumes when the queue is down to half and the socket is
 * writable again. So a connection holds at most {@code maxInFlight} requests, one socket read of held-back frames and
 * one outbound buffer of responses, whatever the client sends.
 *
 * <p>A frame that cannot be decoded, an unknown API key, or a version the broker does not serve closes this
 * connection only, with one log line; ApiVersions at an unsupported version is answered at version 0 with
 * UNSUPPORTED_VERSION (KIP-511).
 *
 * <p>Not sharable: one instance per connection, used only on that connection's event loop.
 */
final class KafkaConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(KafkaConnectionHandler.class);

    private final ApiHandlers handlers;
    private final Time time;
    private final String listenerName;
    private final int maxInFlight;
    private final ArrayDeque<PendingResponse> pending = new ArrayDeque<>();
    /** Frames read while the queue was full, dispatched in order when there is room again. */
    private final ArrayDeque<ByteBuf> heldBack = new ArrayDeque<>();
    /** acks=0 Produce requests whose handler has not finished (they have no pending response). */
    private int unansweredProduces;
    /** The most requests this connection has had queued; reported to the registry when it grows. */
    private int peakQueued;

    private boolean draining;
    private final ConnectionRegistry registry;
    private ChannelHandlerContext channel;
    private String connectionId;
    private boolean closing;

    KafkaConnectionHandler(
            ApiHandlers handlers, Time time, String listenerName, int maxInFlight, ConnectionRegistry registry) {
        this.handlers = handlers;
        this.time = time;
        this.listenerName = listenerName;
        this.maxInFlight = maxInFlight;
        this.registry = registry;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.channel = ctx;
        this.connectionId = ctx.channel().localAddress() + "-" + ctx.channel().remoteAddress() + "-"
                + ctx.channel().id().asShortText();
        if (!registry.tryAdd(ctx.channel())) {
            log.warn("Closing connection {}: max.connections ({}) reached", connectionId, registry.max());
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        registry.remove(ctx.channel());
        for (PendingResponse p : pending) {
            p.release();
        }
        pending.clear();
        for (ByteBuf frame : heldBack) {
            frame.release();
        }
        heldBack.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (closing) {
            frame.release();
            return;
        }
        if (!heldBack.isEmpty() || !hasRoom()) {
            heldBack.add(frame);
            pauseReading();
            return;
        }
        dispatch(frame);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            resumeIfRoom();
        } else {
            pauseReading();
        }
        super.channelWritabilityChanged(ctx);
    }

    /** Requests handed to a handler whose response has not been handed to the socket yet. */
    private int queued() {
        return pending.size() + unansweredProduces;
    }

    private boolean hasRoom() {
        return queued() < maxInFlight && channel.channel().isWritable();
    }

    private void pauseReading() {
        channel.channel().config().setAutoRead(false);
    }

    /** Dispatches held-back frames while there is room, then reads again once the queue is down to half. */
    private void resumeIfRoom() {
        if (draining || closing) {
            return;
        }
        draining = true;
        try {
            while (!heldBack.isEmpty() && !closing && hasRoom()) {
                dispatch(heldBack.poll());
            }
        } finally {
            draining = false;
        }
        if (heldBack.isEmpty()
                && !closing
                && queued() < maxInFlight / 2 + 1
                && channel.channel().isWritable()
                && !channel.channel().config().isAutoRead()) {
            channel.channel().config().setAutoRead(true);
        }
    }

    private void dispatch(ByteBuf frame) {
        try {
            processFrame(frame);
        } catch (ConnectionError e) {
            frame.release();
            closeWith(e.getMessage());
        } catch (RuntimeException e) {
            frame.release();
            log.error("Closing connection {} after an unexpected error", connectionId, e);
            closeNow();
        }
    }

    private void processFrame(ByteBuf frame) {
        if (frame.readableBytes() < 8) {
            throw new ConnectionError("frame of " + frame.readableBytes() + " bytes is too short for a request header");
        }
        int start = frame.readerIndex();
        short apiKeyId = frame.getShort(start);
        short version = frame.getShort(start + 2);
        int correlationId = frame.getInt(start + 4);
        ApiKeys key = ApiKeys.forId(apiKeyId);
        if (key == null) {
            throw new ConnectionError("unknown API key " + apiKeyId);
        }
        ApiHandler<ApiMessage, ApiMessage> handler = handlerFor(key);
        if (handler == null) {
            throw new ConnectionError("API " + key.displayName + " is not served by this broker");
        }
        if (!handler.supportsVersion(version) || !key.hasVersion(version)) {
            if (key == ApiKeys.API_VERSIONS) {
                respondUnsupportedApiVersions(handler, frame, correlationId, version);
                return;
            }
            throw new ConnectionError(key.displayName + " version " + version + " is not supported (supported: "
                    + handler.minVersion() + "-" + handler.maxVersion() + ")");
        }
        short headerVersion = key.requestHeaderVersion(version);
        RequestHeaderData header;
        ApiMessage body;
        try {
            header = new RequestHeaderData(frame, headerVersion);
            body = key.newRequest();
            body.read(frame, version);
        } catch (MessageDecodeException | UnsupportedVersionException e) {
            throw new ConnectionError("malformed " + key.displayName + " v" + version + " request: " + e.getMessage());
        }
        RequestContext context = new RequestContext(
                connectionId,
                ((InetSocketAddress) channel.channel().remoteAddress()).getAddress(),
                header.clientId(),
                key,
                version,
                correlationId,
                listenerName,
                time.nanoseconds());
        boolean expectsResponse = !(key == ApiKeys.PRODUCE && ((ProduceRequestData) body).acks() == 0);
        PendingResponse slot = expectsResponse ? new PendingResponse(context, handler, body, frame) : null;
        if (slot != null) {
            pending.add(slot);
        } else {
            unansweredProduces++;
        }
        int queued = queued();
        if (queued > peakQueued) {
            peakQueued = queued;
            registry.recordQueued(queued);
        }
        if (queued >= maxInFlight) {
            pauseReading();
        }
        CompletableFuture<ApiMessage> result;
        try {
            result = handler.handle(context, body);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        if (slot == null) {
            result.whenComplete((r, e) -> {
                frame.release();
                if (e != null) {
                    log.warn(
                            "Produce with acks=0 on {} failed: {}",
                            connectionId,
                            unwrap(e).toString());
                }
                if (channel.executor().inEventLoop()) {
                    produceDone();
                } else {
                    channel.executor().execute(this::produceDone);
                }
            });
            return;
        }
        result.whenComplete((r, e) -> {
            if (channel.executor().inEventLoop()) {
                complete(slot, r, e);
            } else {
                channel.executor().execute(() -> complete(slot, r, e));
            }
        });
    }

    private void produceDone() {
        unansweredProduces--;
        resumeIfRoom();
    }

    @SuppressWarnings("unchecked")
    private ApiHandler<ApiMessage, ApiMessage> handlerFor(ApiKeys key) {
        return (ApiHandler<ApiMessage, ApiMessage>) handlers.get(key);
    }

    private void respondUnsupportedApiVersions(
            ApiHandler<ApiMessage, ApiMessage> handler, ByteBuf frame, int correlationId, short version) {
        RequestContext context = new RequestContext(
                connectionId,
                ((InetSocketAddress) channel.channel().remoteAddress()).getAddress(),
                "",
                ApiKeys.API_VERSIONS,
                (short) 0,
                correlationId,
                listenerName,
                time.nanoseconds());
        ApiMessage body = ApiKeys.API_VERSIONS.newRequest();
        PendingResponse slot = new PendingResponse(context, handler, body, frame);
        pending.add(slot);
        complete(
                slot,
                handler.errorResponse(
                        context, body, Errors.UNSUPPORTED_VERSION, "ApiVersions v" + version + " is not supported"),
                null);
    }

    private void complete(PendingResponse slot, ApiMessage response, Throwable error) {
        if (closing || !pending.contains(slot)) {
            slot.release();
            return;
        }
        if (error != null) {
            Throwable cause = unwrap(error);
            Errors code = Errors.forException(cause);
            if (code == Errors.UNKNOWN_SERVER_ERROR) {
                log.error(
                        "Unexpected error serving {} v{} for {} on {}",
                        slot.context.apiKey().displayName,
                        slot.context.apiVersion(),
                        slot.context.clientId(),
                        connectionId,
                        cause);
            }
            try {
                response = slot.handler.errorResponse(slot.context, slot.request, code, cause.getMessage());
            } catch (RuntimeException e) {
                log.error(
                        "Could not build an error response for {}; closing {}", slot.context.apiKey(), connectionId, e);
                closeNow();
                return;
            }
        }
        slot.response = response;
        slot.release();
        flushReady();
    }

    private void flushReady() {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().response != null) {
            PendingResponse slot = pending.poll();
            try {
                send(slot);
                wrote = true;
            } catch (RuntimeException e) {
                log.error("Could not encode {} response; closing {}", slot.context.apiKey(), connectionId, e);
                closeNow();
                return;
            }
        }
        if (wrote) {
            channel.flush();
        }
        resumeIfRoom();
    }

    private void send(PendingResponse slot) {
        RequestContext context = slot.context;
        ApiKeys key = context.apiKey();
        short version = context.apiVersion();
        short headerVersion = key.responseHeaderVersion(version);
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(context.correlationId());
        int size = header.size(headerVersion) + slot.response.size(version);
        List<SpliceableRecords> splices = context.splices();
        long spliced = 0;
        for (SpliceableRecords s : splices) {
            spliced += s.sizeInBytes();
        }
        ByteBuf out = channel.alloc().ioBuffer((int) (4 + size - spliced));
        try {
            out.writeInt(size);
            header.write(out, headerVersion);
            slot.response.write(out, version);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        if (splices.isEmpty()) {
            channel.write(out, channel.voidPromise());
            return;
        }
        List<SpliceableRecords> ordered = splices.stream()
                .filter(s -> s.splicePosition() >= 0)
                .sorted(Comparator.comparingInt(SpliceableRecords::splicePosition))
                .toList();
        int from = 0;
        for (SpliceableRecords s : ordered) {
            int to = s.splicePosition();
            if (to > from) {
                channel.write(out.retainedSlice(from, to - from), channel.voidPromise());
            }
            channel.write(s.fileRegion(), channel.voidPromise());
            from = to;
        }
        if (out.writerIndex() > from) {
            channel.write(out.retainedSlice(from, out.writerIndex() - from), channel.voidPromise());
        }
        out.release();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            log.info("Closing idle connection {} (connections.max.idle.ms)", connectionId);
            closeNow();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof FrameTooLargeException) {
            closeWith(c.getMessage());
        } else if (c instanceof java.io.IOException) {
            log.debug("Connection {} failed: {}", connectionId, c.toString());
            closeNow();
        } else {
            log.warn("Closing connection {} after error: {}", connectionId, c.toString());
            closeNow();
        }
    }

    private void closeWith(String reason) {
        log.warn("Closing connection {} from client: {}", connectionId, reason);
        closeNow();
    }

    private void closeNow() {
        if (closing) {
            return;
        }
        closing = true;
        channel.channel().config().setAutoRead(false);
        // Responses already written are flushed before the close.
        ChannelFuture f = channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER);
        f.addListener(ChannelFutureListener.CLOSE);
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** A request whose response must go out before those of later requests on the connection. */
    private static final class PendingResponse {
        final RequestContext context;
        final ApiHandler<ApiMessage, ApiMessage> handler;
        final ApiMessage request;
        private ByteBuf frame;
        ApiMessage response;

        PendingResponse(
                RequestContext context, ApiHandler<ApiMessage, ApiMessage> handler, ApiMessage request, ByteBuf frame) {
            this.context = context;
            this.handler = handler;
            this.request = request;
            this.frame = frame;
        }

        /** Frees the request frame (the request's record data is a slice of it). Idempotent. */
        void release() {
            if (frame != null) {
                frame.release();
                frame = null;
            }
        }
    }

    /** A reason to close this connection that is the client's fault. */
    private static final class ConnectionError extends RuntimeException {
        ConnectionError(String message) {
            super(message, null, false, false);
        }
    }
}
