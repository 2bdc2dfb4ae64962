package io.runnel.broker.network;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.runnel.common.time.Time;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code connections.max.idle.ms}: fires {@link IdleStateEvent#ALL_IDLE_STATE_EVENT} once a connection has neither
 * read nor written for the idle time. Unlike Netty's {@code IdleStateHandler}, which wraps every write's promise
 * in a listener to learn when the write completed (an allocation and a callback per response), this counts a
 * write when it is issued; a response still being written to a slow client does not keep its connection alive
 * beyond the idle time, which at Kafka's default of ten minutes makes no difference. One timer per connection, on
 * its event loop, re-armed for the remaining time when it fires early.
 */
final class IdleConnectionHandler extends ChannelDuplexHandler {

    private final long idleNanos;
    private final Time time;
    private long lastActivity;
    private ScheduledFuture<?> check;

    IdleConnectionHandler(long idleMs, Time time) {
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
        this.time = time;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        lastActivity = time.nanoseconds();
        arm(ctx, idleNanos);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        lastActivity = time.nanoseconds();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivity = time.nanoseconds();
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
        super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx, long delayNanos) {
        check = ctx.executor().schedule(() -> onTimer(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void onTimer(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        long idle = time.nanoseconds() - lastActivity;
        if (idle >= idleNanos) {
            check = null;
            ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        } else {
            arm(ctx, idleNanos - idle);
        }
    }
}
