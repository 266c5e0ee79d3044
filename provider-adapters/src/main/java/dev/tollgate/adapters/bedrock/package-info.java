/** AWS Bedrock's Converse and ConverseStream API, behind the OpenAI chat wire format. */
package dev.tollgate.adapters.bedrock;
