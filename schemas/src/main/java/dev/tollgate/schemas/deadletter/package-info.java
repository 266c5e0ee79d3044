/**
 * What a Kafka Streams job does with a record it cannot read: {@link
 * dev.tollgate.schemas.deadletter.DeadLetterHandler} moves it to the job's dead-letter topic and processing goes on.
 */
package dev.tollgate.schemas.deadletter;
