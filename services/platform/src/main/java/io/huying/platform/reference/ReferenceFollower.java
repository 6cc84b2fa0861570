package io.huying.platform.reference;

/**
 * Takes one kind of document announced on huying.reference ({@link ReferenceFeed}): the catalogue and the org tree
 * ({@link Catalogue}, {@link Organisation}) in every service that switches the feed on, the routing rules in dispatch.
 *
 * @param <D> the announcement's data
 */
public interface ReferenceFollower<D> {
    /** The CloudEvent type of the announcement this follower takes. */
    String eventType();

    /** The type its data is read as. */
    Class<D> dataType();

    /** An announced version, which may be older than or the same as the one in force (the topic is read from its beginning). */
    void announced(D data);
}
