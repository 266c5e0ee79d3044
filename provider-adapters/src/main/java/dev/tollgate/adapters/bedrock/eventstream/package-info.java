/** The AWS event-stream binary framing that Bedrock's ConverseStream answers in. */
package dev.tollgate.adapters.bedrock.eventstream;
