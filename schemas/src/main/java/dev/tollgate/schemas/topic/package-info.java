/**
 * The topic contract: {@link dev.tollgate.schemas.topic.Topics}, the typed catalog of every topic with its layout
 * and serdes, and {@link dev.tollgate.schemas.topic.TopicInitializer}, which creates the topics at start-up.
 */
package dev.tollgate.schemas.topic;
