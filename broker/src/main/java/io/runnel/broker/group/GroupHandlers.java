package io.runnel.broker.group;

import io.runnel.broker.BrokerIdentity;
import io.runnel.broker.network.ApiHandlers;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ApiKeys;

/** Registers the handlers of every group API, and the helpers they share. */
public final class GroupHandlers {

    private GroupHandlers() {}

    public static void register(ApiHandlers handlers, GroupCoordinatorHost host, BrokerIdentity identity) {
        handlers.register(new FindCoordinatorHandler(host, identity))
                .register(new JoinGroupHandler(host))
                .register(new SyncGroupHandler(host))
                .register(new HeartbeatHandler(host))
                .register(new LeaveGroupHandler(host))
                .register(new OffsetCommitHandler(host))
                .register(new OffsetFetchHandler(host))
                .register(new OffsetDeleteHandler(host))
                .register(new DeleteGroupsHandler(host))
                .register(new ListGroupsHandler(host))
                .register(new DescribeGroupsHandler(host))
                .register(new ConsumerGroupHeartbeatHandler(host))
                .register(new ConsumerGroupDescribeHandler(host));
    }

    static io.runnel.coordinator.RequestContext context(RequestContext c) {
        return io.runnel.coordinator.RequestContext.of(c.apiVersion(), c.clientId(), c.clientHost());
    }

    /** The highest version both the coordinator and the codec's stable versions serve. */
    static int max(ApiKeys key, int coordinatorMax) {
        return Math.min(coordinatorMax, key.latestVersion());
    }
}
